import type { ItemResult } from '../core/item-result.js';
import { emptyMeasurement, type Measurement } from '../core/measurement.js';

/**
 * Aggregates item results into one measurement per (task, model): mean accuracy, loss and confidence over the
 * items, n, chance = 1 / number of choices. Seeds stay separate models of the same size (replicates).
 */
export function labMeasurements(results: ItemResult[], choicesByTask: Map<string, number>, source: string): Measurement[] {
  const groups = new Map<string, ItemResult[]>();
  for (const result of results) {
    const key = JSON.stringify([result.task, result.model]);
    const group = groups.get(key);
    if (group) group.push(result);
    else groups.set(key, [result]);
  }
  return [...groups.values()].map((rows) => {
    const first = rows[0]!;
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    const accuracy = mean(rows.map((row) => (row.correct ? 1 : 0)));
    const confidence = mean(rows.map((row) => row.confidence ?? Number.NaN));
    const choices = choicesByTask.get(first.task);
    return {
      ...emptyMeasurement(first.task, first.model, first.params),
      family: first.family,
      accuracy,
      accuracyPct: accuracy * 100,
      loss: mean(rows.map((row) => row.loss ?? Number.NaN)),
      confidence,
      confidencePct: confidence * 100,
      n: rows.length,
      chance: choices ? 1 / choices : null,
      source,
    };
  });
}
