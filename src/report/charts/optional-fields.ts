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

/**
 * Cost per item of a model: `costPerItem` on the model, or its row in the recommendation's
 * `evidence.costs` (`[{model, costPerItem}]`, item-level analysis with a cost table). Null when
 * unknown.
 */
export function costPerItem(task: TaskAnalysis, model: ModelSummary): number | null {
  const own = numberOrNull((model as unknown as Record<string, unknown>).costPerItem);
  if (own !== null) return own;
  const costs = task.recommendation.evidence?.costs;
  if (!Array.isArray(costs)) return null;
  const row = costs.map(record).find((entry) => entry?.model === model.model);
  return numberOrNull(row?.costPerItem);
}

/** The hybrid cascade's figures from the recommendation's evidence, when it has one. */
export interface HybridPoint {
  accuracy: number;
  /** Expected cost per item, in the unit of `costBasis`. */
  costPerItem: number | null;
  /** `cost-table` (prices) or `parameters` (parameter count as the cost proxy). */
  costBasis: string | null;
  label: string;
}

/**
 * Reads the chosen cascade from `recommendation.evidence.cascade` (an object; an array there lists
 * candidates none of which held up): `{small, large, tau, cascadeAccuracy, costPerItem, coverage}`,
 * with `evidence.costBasis` giving the cost unit. Null when there is none.
 */
export function hybridPoint(task: TaskAnalysis): HybridPoint | null {
  const evidence = record(task.recommendation.evidence);
  const cascade = record(evidence?.cascade);
  if (!cascade) return null;
  const accuracy = numberOrNull(cascade.cascadeAccuracy ?? cascade.accuracy);
  if (accuracy === null) return null;
  const small = typeof cascade.small === 'string' ? cascade.small : null;
  const large = typeof cascade.large === 'string' ? cascade.large : null;
  const tau = numberOrNull(cascade.tau);
  const parts = small && large ? `${small} → ${large}` : 'cascade';
  return {
    accuracy,
    costPerItem: numberOrNull(cascade.costPerItem),
    costBasis: typeof evidence?.costBasis === 'string' ? evidence.costBasis : null,
    label: tau !== null ? `hybrid ${parts} (τ = ${tau.toFixed(2)})` : `hybrid ${parts}`,
  };
}
