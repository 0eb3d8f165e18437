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
  return `${JSON.stringify({ ...result, sources }, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? null : value > 0 ? 'Infinity' : '-Infinity';
    return value;
  }, 2)}\n`;
}
