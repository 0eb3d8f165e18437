/**
 * Makes an SVG comparable across runs and machines: numbers rounded to 2 decimals (−0 → 0), ids
 * renumbered in order of appearance (and every reference to them rewritten), one element per line.
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!ids.has(match[1]!)) ids.set(match[1]!, `id${ids.size + 1}`);
  }
  let text = svg;
  for (const [id, replacement] of ids) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text
      .replace(new RegExp(`id="${escaped}"`, 'g'), `id="${replacement}"`)
      .replace(new RegExp(`url\\(#${escaped}\\)`, 'g'), `url(#${replacement})`)
      .replace(new RegExp(`href="#${escaped}"`, 'g'), `href="#${replacement}"`);
  }
  text = text.replace(/-?\d+\.\d+(?:e[+-]?\d+)?/g, (number) => {
    const rounded = Number(Number(number).toFixed(2));
    return String(Object.is(rounded, -0) ? 0 : rounded);
  });
  return `${text.replace(/></g, '>\n<')}\n`;
}
