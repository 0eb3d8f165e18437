import type { ChangeKind, GroupLayout, GroupTable } from './group-table.js';

/** Names of the per-model metrics, in the order of `metricNames`' vector. */
export function metricNames(layout: GroupLayout): string[] {
  return [
    'baseAccuracy', 'consistency', 'strictAccuracy', 'templateSpread',
    ...layout.kinds.map((kind) => `accuracy:${kind}`), ...layout.kinds.map((kind) => `flipRate:${kind}`),
  ];
}

/** Mean of a column over the groups weighted by `counts` (how often each group is drawn), NaN entries left out. */
export function weightedMean(column: Float64Array, counts: Int32Array): number {
  let sum = 0;
  let weight = 0;
  for (let g = 0; g < column.length; g++) {
    const count = counts[g]!;
    if (count === 0) continue;
    const value = column[g]!;
    if (Number.isNaN(value)) continue;
    sum += count * value;
    weight += count;
  }
  return weight === 0 ? Number.NaN : sum / weight;
}

/**
 * One model's metrics for one (re)sample of groups, written into `out` at `offset` in `metricNames`
 * order. The template spread is max − min of the accuracy per template (NaN with fewer than 2 templates).
 */
export function brittlenessMetrics(table: GroupTable, layout: GroupLayout, counts: Int32Array, out: Float64Array, offset: number): void {
  out[offset] = weightedMean(table.baseCorrect, counts);
  out[offset + 1] = weightedMean(table.consistent, counts);
  out[offset + 2] = weightedMean(table.strict, counts);
  if (layout.templates.length < 2) out[offset + 3] = Number.NaN;
  else {
    const accuracies = table.templateCorrect.map((column) => weightedMean(column, counts));
    out[offset + 3] = Math.max(...accuracies) - Math.min(...accuracies);
  }
  const kinds = layout.kinds.length;
  layout.kinds.forEach((kind: ChangeKind, index) => {
    out[offset + 4 + index] = weightedMean(table.kindAccuracy.get(kind)!, counts);
    out[offset + 4 + kinds + index] = weightedMean(table.kindFlip.get(kind)!, counts);
  });
}

