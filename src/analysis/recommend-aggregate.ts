import { criticalValue, standardNormalQuantile } from './distributions.js';
import type { AggregateSlope } from './aggregate-slope.js';
import type { ModelSummary, Recommendation, Verdict } from './task-analysis.js';
import { formatParams } from '../core/params.js';
import { fixedOrderNonInferior, sizeGroups, type NonInferiorityStep } from './size-groups.js';

/** Sampling variance of a model's accuracy: its SE squared, else a(1 − a)/n, else null. */
export function accuracyVariance(model: ModelSummary): number | null {
  if (model.accuracySe !== null) return model.accuracySe ** 2;
  if (model.accuracy !== null && model.n !== null && model.n > 0) return (model.accuracy * (1 - model.accuracy)) / model.n;
  return null;
}

export interface NonInferiorPick {
  /** The most accurate model of the most accurate size (replicates of a size are one group). */
  best: ModelSummary;
  /** The most accurate model of the smallest size that passed. */
  pick: ModelSummary;
  /** Mean accuracy of the best size's models. */
  bestAccuracy: number;
  /** One-sided 95% upper bound of acc_best − acc_pick (point difference without SEs); null when the pick is the best size. */
  upperBound: number | null;
  usedSamplingError: boolean;
  /** Every step of the fixed-order test, largest size first. */
  steps: NonInferiorityStep[];
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const mostAccurate = (models: ModelSummary[]): ModelSummary => models.reduce((top, model) => (model.accuracy! > top.accuracy! ? model : top));

/**
 * The smallest size not credibly below the best (DESIGN.md section 3): replicate models of one
 * size are one group (mean accuracy, variance Σ var / r²); starting below the best size and going
 * down (fixed order), a size passes while the one-sided 95% upper bound of acc_best − acc_size is
 * below the margin; the last size that passed is the pick.
 */
export function smallestNonInferior(models: ModelSummary[], margin: number): NonInferiorPick | null {
  const measured = models.filter((model) => model.accuracy !== null);
  if (measured.length === 0) return null;
  const groups = sizeGroups(measured);
  const accuracy = groups.map((group) => mean(group.members.map((model) => model.accuracy!)));
  const variance = groups.map((group) => {
    const variances = group.members.map(accuracyVariance);
    return variances.every((value) => value !== null) ? variances.reduce((sum, value) => sum + value!, 0) / group.members.length ** 2 : null;
  });
  let best = 0;
  for (let g = 1; g < groups.length; g++) if (accuracy[g]! > accuracy[best]!) best = g;
  const usedSamplingError = variance.slice(0, best + 1).every((value) => value !== null);
  const z = standardNormalQuantile(0.95);
  const bound = (g: number): number => accuracy[best]! - accuracy[g]! + (usedSamplingError ? z * Math.sqrt(variance[best]! + variance[g]!) : 0);
  const { pick, steps } = fixedOrderNonInferior(groups, best, bound, margin, (g) => mostAccurate(groups[g]!.members).model);
  return {
    best: mostAccurate(groups[best]!.members),
    pick: mostAccurate(groups[pick]!.members),
    bestAccuracy: accuracy[best]!,
    upperBound: pick === best ? null : bound(pick),
    usedSamplingError,
    steps,
  };
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
  const largestParams = Math.max(...models.map((model) => model.params));
  const evidence: Record<string, unknown> = {
    margin: options.margin,
    best: choice?.best.model ?? null,
    pick: choice?.pick.model ?? null,
    upperBound: choice?.upperBound ?? null,
    nonInferiority: choice?.steps ?? [],
    usedSamplingError: choice?.usedSamplingError ?? false,
  };
  const name = (model: ModelSummary): string => `${model.model} (${formatParams(model.params)})`;
  if (!choice) return { action: 'insufficient-data', model: null, reason: 'No model has an accuracy to compare.', evidence };
  const bound = choice.usedSamplingError ? ' (one-sided 95% bound)' : ' (point estimates: no item counts or SEs given)';
  const pickText = choice.pick.params === choice.best.params
    ? `${name(choice.pick)} is the most accurate (${pct(choice.bestAccuracy)})${choice.steps.length > 0 ? ` and no smaller model is shown to be within ${pct(options.margin)} of it${bound}` : ''}`
    : `${name(choice.pick)} is within ${pct(options.margin)} of the best, ${name(choice.best)}${bound}`;
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
    if (choice.pick.params === largestParams) {
      return { action: 'scale-up', model: choice.pick.model, reason: `Accuracy improves with size and no smaller model keeps up: use the largest, ${name(choice.pick)}; a larger one may help further.`, evidence };
    }
    return { action: 'use-smaller', model: choice.pick.model, reason: `Accuracy improves with size, but ${pickText}.`, evidence };
  }
  const why = verdict === 'flat'
    ? `accuracy is flat across sizes (the 90% interval of its slope lies within ±${(options.delta * 100).toFixed(1)} points per decade)`
    : verdict === 'decoupled' ? 'loss improves but accuracy credibly does not keep up' : 'accuracy falls with size';
  return { action: 'dont-scale', model: choice.pick.model, reason: `Don't scale: ${why}; ${pickText}.`, evidence };
}
