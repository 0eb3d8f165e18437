import type { AnalysisResult } from '../analysis/analyze.js';

/** Provenance of the data an analysis used. */
export interface ReportSource {
  file: string;
  kind: string;
  rows: number;
  note?: string;
}

/**
 * The `--json` document: the analysis with non-finite numbers made JSON-safe (±Infinity as the
 * strings "Infinity"/"-Infinity", NaN as null) and the data sources.
 */
export function renderJsonReport(result: AnalysisResult, sources: ReportSource[] = []): string {
  return `${JSON.stringify(withInfinityNamed({ ...result, sources }), null, 2)}\n`;
}

/**
 * The value with ±Infinity replaced by "Infinity"/"-Infinity" (JSON.stringify itself writes NaN as
 * null), copying only the objects and arrays on the way to one, so that the native stringify does
 * the rest (a replacer function would be called for every value).
 */
function withInfinityNamed(value: unknown): unknown {
  if (typeof value === 'number') return value === Number.POSITIVE_INFINITY ? 'Infinity' : value === Number.NEGATIVE_INFINITY ? '-Infinity' : value;
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const safe = withInfinityNamed(value[i]);
      if (safe !== value[i] && !Number.isNaN(safe)) (copy ??= value.slice())[i] = safe;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(value)) {
    const entry = (value as Record<string, unknown>)[key];
    const safe = withInfinityNamed(entry);
    if (safe !== entry && !Number.isNaN(safe)) (copy ??= { ...value })[key] = safe;
  }
  return copy ?? value;
}
