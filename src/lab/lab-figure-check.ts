import type { ItemResult } from '../core/item-result.js';
import type { LabManifest } from './lab-manifest.js';
import { groupBy } from '../core/group-by.js';

/** Mean accuracy, loss and confidence of one model on one task, from its item results. */
export interface LabFigures {
  task: string;
  model: string;
  params: number;
  n: number;
  accuracy: number;
  loss: number;
  confidence: number;
}

/** Aggregates item results per (task, model), in order of first appearance. */
export function labFigures(items: ItemResult[]): LabFigures[] {
  return groupBy(items, (item) => JSON.stringify([item.task, item.model])).map((rows) => {
    const mean = (value: (row: ItemResult) => number): number => rows.reduce((sum, row) => sum + value(row), 0) / rows.length;
    const first = rows[0]!;
    return {
      task: first.task, model: first.model, params: first.params, n: rows.length,
      accuracy: mean((row) => (row.correct ? 1 : 0)), loss: mean((row) => row.loss ?? Number.NaN), confidence: mean((row) => row.confidence ?? Number.NaN),
    };
  });
}

/** How far the engine's figures are from the PyTorch figures the manifest recorded after training. */
export interface LabFigureCheck {
  compared: number;
  maxAccuracyDiff: number;
  maxLossDiff: number;
  maxConfidenceDiff: number;
}

/** Compares figures with the manifest's evaluation figures (task × model pairs present in both). */
export function checkLabFigures(figures: LabFigures[], manifest: LabManifest): LabFigureCheck {
  const check: LabFigureCheck = { compared: 0, maxAccuracyDiff: 0, maxLossDiff: 0, maxConfidenceDiff: 0 };
  for (const row of figures) {
    const reference = manifest.models.find((model) => model.model === row.model)?.evaluation[row.task];
    if (!reference) continue;
    check.compared += 1;
    check.maxAccuracyDiff = Math.max(check.maxAccuracyDiff, Math.abs(row.accuracy - reference.accuracy));
    check.maxLossDiff = Math.max(check.maxLossDiff, Math.abs(row.loss - reference.loss));
    check.maxConfidenceDiff = Math.max(check.maxConfidenceDiff, Math.abs(row.confidence - reference.confidence));
  }
  return check;
}
