import type { ItemResult } from '../core/item-result.js';
import { emptyMeasurement, type Measurement } from '../core/measurement.js';

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Aggregates item results per (task, family, model) into measurements: accuracy = share correct,
 * loss and confidence = means over the items that have them, n = number of items. Groups keep
 * the order in which they first appear.
 */
export function measurementsFromItems(
  items: ItemResult[],
  context: { chanceByTask?: Map<string, number | null>; source?: string } = {},
): Measurement[] {
  const groups = new Map<string, ItemResult[]>();
  for (const item of items) {
    const key = JSON.stringify([item.task, item.family, item.model]);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()].map((rows) => {
    const first = rows[0]!;
    const accuracy = rows.filter((row) => row.correct).length / rows.length;
    const loss = mean(rows.flatMap((row) => (typeof row.loss === 'number' && Number.isFinite(row.loss) ? [row.loss] : [])));
    const confidence = mean(rows.flatMap((row) => (row.confidence === null ? [] : [row.confidence])));
    return {
      ...emptyMeasurement(first.task, first.model, first.params),
      family: first.family,
      accuracy,
      accuracyPct: accuracy * 100,
      loss,
      confidence,
      confidencePct: confidence === null ? null : confidence * 100,
      n: rows.length,
      chance: context.chanceByTask?.get(first.task) ?? null,
      source: context.source ?? null,
    };
  });
}
