const SUFFIX_MULTIPLIER: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/**
 * Parses a parameter count: a plain number (`70000000`, `1.4e9`) or a number with a k/m/b/t
 * suffix in any case (`70m`, `1.4B`, `7b`). Returns null when the text is not such a count or is
 * not positive and finite.
 */
export function parseParams(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) && text > 0 ? text : null;
  const trimmed = text.trim().replace(/_/g, '');
  const match = /^([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([kmbt])?$/i.exec(trimmed);
  if (!match) return null;
  const value = Number(match[1]) * (match[2] ? SUFFIX_MULTIPLIER[match[2].toLowerCase()]! : 1);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** Finds a size token such as `70m` or `1.4b` in a model name (`pythia-v1.1-70m` → 70e6). */
export function paramsFromModelName(name: string): number | null {
  const segments = name.split(/[/\-_:\s]+/);
  for (const segment of segments.reverse()) {
    if (/^[0-9]*\.?[0-9]+[kmbt]$/i.test(segment)) return parseParams(segment);
  }
  return null;
}

/** Formats a parameter count for people: 70M, 1.4B, 12B. */
export function formatParams(params: number): string {
  const units: Array<[number, string]> = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, unit] of units) {
    if (params >= scale) return `${Number((params / scale).toPrecision(3))}${unit}`;
  }
  return String(Number(params.toPrecision(3)));
}
