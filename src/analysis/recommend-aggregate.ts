import { criticalValue, standardNormalQuantile } from './distributions.js';
import type { AggregateSlope } from './aggregate-slope.js';
import type { ModelSummary, Recommendation, Verdict } from './task-analysis.js';
import { formatParams } from '../core/params.js';

/** Sampling variance of a model's accuracy: its SE squared, else a(1 − a)/n, else null. */
export function accuracyVariance(model: ModelSummary): number | null {
  if (model.accuracySe !== null) return model.accuracySe ** 2;
  if (model.accuracy !== null && model.n !== null && model.n > 0) return (model.accuracy * (1 - model.accuracy)) / model.n;
  return null;
}

export interface NonInferiorPick {
  best: ModelSummary;
  pick: ModelSummary;
  /** One-sided 95% upper bound of acc_best − acc_pick (or the point difference without SEs). */
  upperBound: number;
  usedSamplingError: boolean;
}

/**
 * The smallest model not credibly below the best: starting at the best model and going down in
 * size (fixed order), a model passes while the one-sided 95% upper bound of acc_best − acc_k is
 * below the margin; the last model that passed is the pick.
 */
export function smallestNonInferior(models: ModelSummary[], margin: number): NonInferiorPick | null {
  const measured = models.filter((model) => model.accuracy !== null);
  if (measured.length === 0) return null;
  const best = measured.reduce((top, model) => (model.accuracy! > top.accuracy! ? model : top));
  const bestVariance = accuracyVariance(best);
  const candidates = measured.filter((model) => model.params <= best.params).sort((a, b) => b.params - a.params);
  const z = standardNormalQuantile(0.95);
  let pick = best;
  let upperBound = 0;
  const usedSamplingError = bestVariance !== null && candidates.every((model) => accuracyVariance(model) !== null);
  for (const model of candidates) {
    const difference = best.accuracy! - model.accuracy!;
    const bound = usedSamplingError ? difference + z * Math.sqrt(bestVariance! + accuracyVariance(model)!) : difference;
    if (model !== best && !(bound < margin)) break;
    pick = model;
    upperBound = bound;
  }
  return { best, pick, upperBound, usedSamplingError };
}

/**
 * Items per model that would settle an inconclusive accuracy slope (its CI excluding 0, or its
 * 90% CI inside ±δ), assuming the sampling SE shrinks as 1/√n. Null when more items cannot settle
 * it (the scatter of whole models dominates) or when the item counts are unknown.
 */
export function itemsToSettle(slope: AggregateSlope, models: ModelSummary[], delta: number): number | null {
  const counts = models.map((model) => effectiveItems(model)).filter((count): count is number => count !== null);
  if (slope.seSampling === null || slope.seSampling <= 0 || counts.length !== models.length) return null;
  const meanItems = counts.reduce((sum, count) => sum + count, 0) / counts.length;
  const magnitude = Math.abs(slope.estimate);
  const between95 = slope.seBetween !== null ? criticalValue(0.95, slope.df) * slope.seBetween : 0;
  const between90 = slope.seBetween !== null ? criticalValue(0.9, slope.df) * slope.seBetween : 0;
  const options: number[] = [];
  if (magnitude > 0 && between95 < magnitude) {
    options.push(meanItems * ((criticalValue(0.95, null) * slope.seSampling) / magnitude) ** 2);
  }
  if (magnitude < delta && between90 < delta - magnitude) {
    options.push(meanItems * ((criticalValue(0.9, null) * slope.seSampling) / (delta - magnitude)) ** 2);
  }
  if (options.length === 0) return null;
  return Math.ceil(Math.min(...options));
}

function effectiveItems(model: ModelSummary): number | null {
  if (model.n !== null) return model.n;
  if (model.accuracySe !== null && model.accuracySe > 0 && model.accuracy !== null) {
    return (model.accuracy * (1 - model.accuracy)) / model.accuracySe ** 2;
  }
  return null;
}

const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** The aggregate-data recommendation for a verdict (DESIGN.md section 3, without item data). */
export function recommendAggregate(
  verdict: Verdict,
  models: ModelSummary[],
  accuracySlope: AggregateSlope | null,
  options: { delta: number; margin: number },
): Recommendation {
  const choice = smallestNonInferior(models, options.margin);
  const largest = models.reduce<ModelSummary | null>((top, model) => (top === null || model.params > top.params ? model : top), null);
  const evidence: Record<string, unknown> = {
    margin: options.margin,
    best: choice?.best.model ?? null,
    upperBound: choice?.upperBound ?? null,
    usedSamplingError: choice?.usedSamplingError ?? false,
  };
  const name = (model: ModelSummary): string => `${model.model} (${formatParams(model.params)})`;
  if (!choice) return { action: 'insufficient-data', model: null, reason: 'No model has an accuracy to compare.', evidence };
  const pickText = choice.pick === choice.best
    ? `${name(choice.pick)} is the most accurate (${pct(choice.best.accuracy!)})`
    : `${name(choice.pick)} is within ${pct(options.margin)} of the best, ${name(choice.best)}${choice.usedSamplingError ? ' (one-sided 95% bound)' : ' (point estimates: no item counts or SEs given)'}`;
  if (verdict === 'insufficient') {
    return { action: 'insufficient-data', model: choice.pick.model, reason: `Too few sizes or no uncertainty to judge the trend; ${pickText}.`, evidence };
  }
  if (verdict === 'inconclusive') {
    const itemsNeeded = accuracySlope ? itemsToSettle(accuracySlope, models, options.delta) : null;
    const more = itemsNeeded !== null
      ? `about ${itemsNeeded} items per model would settle the trend`
      : 'more model sizes (or item counts) are needed to settle the trend';
    return { action: 'collect-more-data', model: choice.pick.model, reason: `The accuracy trend is unclear: ${more}; meanwhile ${pickText}.`, itemsNeeded, evidence };
  }
  if (verdict === 'improving') {
    if (largest && choice.pick === largest) {
      return { action: 'scale-up', model: largest.model, reason: `Accuracy improves with size and no smaller model keeps up: use the largest, ${name(largest)}; a larger one may help further.`, evidence };
    }
    return { action: 'use-smaller', model: choice.pick.model, reason: `Accuracy improves with size, but ${pickText}.`, evidence };
  }
  if (verdict === 'flat') {
    const smallest = models.reduce((low, model) => (model.params < low.params ? model : low));
    evidence.pick = smallest.model;
    return { action: 'dont-scale', model: smallest.model, reason: `Don't scale: accuracy is flat across sizes (the 90% interval of its slope lies within ±${(options.delta * 100).toFixed(1)} points per decade), so the smallest model, ${name(smallest)}, does as well as any measured.`, evidence };
  }
  const why = verdict === 'decoupled' ? 'loss improves but accuracy does not' : 'accuracy falls with size';
  return { action: 'dont-scale', model: choice.pick.model, reason: `Don't scale: ${why}; ${pickText}.`, evidence };
}
