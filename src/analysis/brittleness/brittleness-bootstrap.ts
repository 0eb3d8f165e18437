import { drawResampleMatrix } from '../items/resample-matrix.js';
import type { GroupLayout, GroupTable } from './group-table.js';
import { brittlenessMetrics, metricNames } from './brittleness-metrics.js';

/** Every model's brittleness metrics on all groups and on each resample of the groups (paired across models). */
export interface BrittlenessDraws {
  names: string[];
  resamples: number;
  /** log10(params) per model. */
  x: Float64Array;
  /** Model j's metric m at j × M + m. */
  point: Float64Array;
  /** At (b × k + j) × M + m. */
  draws: Float64Array;
}

/**
 * The paired item bootstrap over base items: one index matrix of groups (resamples × groups,
 * row-major; drawn with the project's seeded generator unless given), used for every model.
 */
export function brittlenessBootstrap(tables: GroupTable[], layout: GroupLayout, options: { resamples: number; seed: number; indexMatrix?: Int32Array }): BrittlenessDraws {
  const n = layout.groups.length;
  const k = tables.length;
  const names = metricNames(layout);
  const m = names.length;
  const matrix = options.indexMatrix ?? drawResampleMatrix(n, options.resamples, options.seed);
  if (matrix.length !== options.resamples * n) throw new RangeError(`index matrix has ${matrix.length} entries, expected ${options.resamples} × ${n}`);
  const counts = new Int32Array(n).fill(1);
  const point = new Float64Array(k * m);
  tables.forEach((table, j) => brittlenessMetrics(table, layout, counts, point, j * m));
  const draws = new Float64Array(options.resamples * k * m);
  for (let b = 0; b < options.resamples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[matrix[b * n + i]!]!++;
    tables.forEach((table, j) => brittlenessMetrics(table, layout, counts, draws, (b * k + j) * m));
  }
  return { names, resamples: options.resamples, x: Float64Array.from(tables, (table) => Math.log10(table.params)), point, draws };
}
