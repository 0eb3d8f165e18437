import type { ModelSummary, TaskAnalysis } from '../../analysis/task-analysis.js';

/*
 * Readers for fields that the analysis adds when it has them (item-level results, prices, chance).
 * The charts use them when present and skip what they need when absent, so these readers accept
 * the field missing, null, or of an unexpected shape (then: null).
 */

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * Accuracy of random guessing on the task (`task.chance`) when the analysis carries it and it is
 * above 0 (a line at 0, as for free-response tasks, says nothing).
 */
export function taskChance(task: TaskAnalysis): number | null {
  const chance = numberOrNull(task.chance);
  return chance !== null && chance > 0 ? chance : null;
}

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  confidence: number;
  accuracy: number;
  count: number;
}

/**
 * A model's reliability bins: `calibration.bins` or `calibration.reliability` (an array, or an
 * object with `bins`), each bin with a mean confidence (`confidence` | `meanConfidence` |
 * `confidenceMean`), an accuracy (`accuracy` | `meanAccuracy` | `accuracyMean`) and an item count
 * (`count` | `n`). Null when the model has no item-level calibration.
 */
export function reliabilityBins(model: ModelSummary): ReliabilityBin[] | null {
  const calibration = record((model as unknown as Record<string, unknown>).calibration);
  if (!calibration) return null;
  let raw: unknown = calibration.bins ?? calibration.reliability ?? calibration.reliabilityBins;
  const nested = record(raw);
  if (nested) raw = nested.bins;
  if (!Array.isArray(raw)) return null;
  const bins: ReliabilityBin[] = [];
  for (const entry of raw) {
    const bin = record(entry);
    if (!bin) continue;
    const confidence = numberOrNull(bin.confidence ?? bin.meanConfidence ?? bin.confidenceMean);
    const accuracy = numberOrNull(bin.accuracy ?? bin.meanAccuracy ?? bin.accuracyMean);
    const count = numberOrNull(bin.count ?? bin.n);
    if (confidence !== null && accuracy !== null && count !== null && count > 0) bins.push({ confidence, accuracy, count });
  }
  return bins.length > 0 ? bins : null;
}

/** Expected calibration error of a model (`calibration.ece`, a number or `{estimate}`), when known. */
export function modelEce(model: ModelSummary): number | null {
  const calibration = record((model as unknown as Record<string, unknown>).calibration);
  if (!calibration) return null;
  return numberOrNull(calibration.ece) ?? numberOrNull(record(calibration.ece)?.estimate);
}

/** Cost per item in USD (`costPerItem` | `costPerItemUsd` on the model), when known. */
export function costPerItem(model: ModelSummary): number | null {
  const fields = model as unknown as Record<string, unknown>;
  return numberOrNull(fields.costPerItemUsd ?? fields.costPerItem);
}

/** The hybrid cascade's figures from the recommendation's evidence, when it has one. */
export interface HybridPoint {
  accuracy: number;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  costPerItem: number | null;
  label: string;
}

/**
 * Reads `recommendation.evidence.hybrid` (or `.cascade`): `{accuracy, accuracyLow?, accuracyHigh?,
 * costPerItem? | costPerItemUsd?, small?, large?, threshold?}`. Null when absent.
 */
export function hybridPoint(task: TaskAnalysis): HybridPoint | null {
  const evidence = record(task.recommendation.evidence);
  const hybrid = record(evidence?.hybrid ?? evidence?.cascade);
  if (!hybrid) return null;
  const accuracy = numberOrNull(hybrid.accuracy);
  if (accuracy === null) return null;
  const small = typeof hybrid.small === 'string' ? hybrid.small : null;
  const large = typeof hybrid.large === 'string' ? hybrid.large : null;
  const threshold = numberOrNull(hybrid.threshold ?? hybrid.tau);
  const parts = small && large ? `${small} → ${large}` : 'cascade';
  return {
    accuracy,
    accuracyLow: numberOrNull(hybrid.accuracyLow ?? record(hybrid.accuracyCi)?.low),
    accuracyHigh: numberOrNull(hybrid.accuracyHigh ?? record(hybrid.accuracyCi)?.high),
    costPerItem: numberOrNull(hybrid.costPerItemUsd ?? hybrid.costPerItem),
    label: threshold !== null ? `hybrid ${parts} (τ = ${threshold.toFixed(2)})` : `hybrid ${parts}`,
  };
}
