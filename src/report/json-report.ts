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
  return [...jsonReportChunks(result, sources)].join('');
}

/** Entries of an array member stringified together (a piece of the file per group). */
const GROUP = 64;

/**
 * JSON.stringify(value, null, 2) as it reads nested in the document: at `depth` 1 the value of a
 * member; at depth 2 the entries of `value` (an array) as they read inside an array member, without
 * its brackets. The native stringify indents them inside a wrapper, which is cut off again.
 */
function nested(value: unknown, depth: 1 | 2): string {
  const wrapped = JSON.stringify({ x: value }, null, 2);
  return depth === 1 ? wrapped.slice('{\n  "x": '.length, -'\n}'.length) : wrapped.slice('{\n  "x": [\n'.length, -'\n  ]\n}'.length);
}

/**
 * renderJsonReport's text in pieces, a group of tasks at a time (the same bytes as
 * JSON.stringify(document, null, 2) plus a newline): a file of 10,000 tasks is written piece by piece,
 * without a 76 MB string and its copies in memory at once.
 */
export function* jsonReportChunks(result: AnalysisResult, sources: ReportSource[] = []): Generator<string> {
  const members = Object.entries({ ...result, sources } as Record<string, unknown>).filter(([, value]) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol');
  yield '{';
  for (const [index, [key, value]] of members.entries()) {
    const head = `${index === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield `${head}[`;
      for (let start = 0; start < value.length; start += GROUP) {
        yield `${start === 0 ? '\n' : ',\n'}${nested(value.slice(start, start + GROUP).map(withInfinityNamed), 2)}`;
      }
      yield '\n  ]';
    } else yield `${head}${nested(withInfinityNamed(value), 1)}`;
  }
  yield members.length === 0 ? '}\n' : '\n}\n';
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
