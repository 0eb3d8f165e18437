import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../analysis/analyze.js';
import { jsonReportChunks, renderJsonReport } from './json-report.js';

/** The document as the replacer function used to write it (every value through the replacer). */
function withReplacer(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity') : v), 2)}\n`;
}

describe('renderJsonReport', () => {
  it('writes ±Infinity as strings and NaN as null wherever they sit, byte for byte as a replacer does, and leaves the analysis untouched', () => {
    const shared = { a: Number.POSITIVE_INFINITY };
    const result = {
      schemaVersion: 1,
      tasks: [
        { task: 't', values: [1, Number.NaN, Number.NEGATIVE_INFINITY, [Number.POSITIVE_INFINITY, 2], null, undefined], nested: { deep: { x: Number.NEGATIVE_INFINITY, y: 0.1, z: -0 } }, shared, again: shared, missing: undefined, when: new Date(0) },
        { task: 'finite', values: [1, 2], nested: { x: 3 } },
      ],
    } as unknown as AnalysisResult;
    const before = JSON.stringify(result);
    const sources = [{ file: 'f.csv', kind: 'table', rows: 3 }];
    const text = renderJsonReport(result, sources);
    expect(text).toBe(withReplacer({ ...result, sources }));
    expect([...jsonReportChunks(result, sources)].length).toBeGreaterThan(3);
    expect(text).toContain('"-Infinity"');
    expect(JSON.stringify(result)).toBe(before);
    expect(result.tasks[0]).toHaveProperty('shared.a', Number.POSITIVE_INFINITY);
  });

  it('is written in groups of tasks with the same bytes, however many groups', () => {
    for (const count of [1, 63, 64, 65, 200]) {
      const tasks = Array.from({ length: count }, (_, index) => ({ task: `t${index}`, slope: index % 7 === 0 ? Number.POSITIVE_INFINITY : index / 3, items: [index, [Number.NaN]], empty: {}, none: [] }));
      const result = { schemaVersion: 1, tasks, summary: { tasks: count } } as unknown as AnalysisResult;
      expect(renderJsonReport(result)).toBe(withReplacer({ ...result, sources: [] }));
    }
  });

  it('is written piece by piece with the same bytes: no tasks, top-level values of every kind, undefined members left out', () => {
    const odd = { schemaVersion: 2, tasks: [], adjustment: { method: 'holm', level: Number.POSITIVE_INFINITY }, missing: undefined, list: [Number.NaN, 'x'], flag: false, note: null } as unknown as AnalysisResult;
    expect(renderJsonReport(odd)).toBe(withReplacer({ ...odd, sources: [] }));
    expect(renderJsonReport({} as AnalysisResult, [])).toBe(withReplacer({ sources: [] }));
  });
});
