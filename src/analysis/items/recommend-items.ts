import { formatParams } from '../../core/params.js';
import { itemsToSettle } from '../recommend-aggregate.js';
import type { AggregateSlope } from '../aggregate-slope.js';
import type { ModelSummary, Recommendation, SlopeEstimate, Verdict } from '../task-analysis.js';
import { evaluateCascade, type CascadeEvidence } from './cascade.js';
import type { ItemLadder } from './item-ladder.js';
import { METRIC, METRIC_COUNT } from './model-metrics.js';
import type { PairedBootstrap } from './paired-bootstrap.js';
import { percentileOfSorted } from './percentile.js';

/** Cost of one item per model (USD), from a cost table. */
export type CostPerItem = ReadonlyMap<string, number>;

export interface ItemRecommendationOptions {
  margin: number;
  delta: number;
  costs: CostPerItem | null;
}

const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
const pp = (fraction: number): string => `${(fraction * 100).toFixed(1)} points`;
const name = (model: { model: string; params: number }): string => `${model.model} (${formatParams(model.params)})`;

/** One-sided 95% upper bound (bootstrap percentile) of acc_a − acc_b, paired over items. */
function differenceUpperBound(boot: PairedBootstrap, a: number, b: number): number {
  const k = boot.modelCount;
  const differences = new Float64Array(boot.resamples);
  for (let r = 0; r < boot.resamples; r++) {
    const base = r * k * METRIC_COUNT;
    differences[r] = boot.draws[base + a * METRIC_COUNT + METRIC.accuracy]! - boot.draws[base + b * METRIC_COUNT + METRIC.accuracy]!;
  }
  return percentileOfSorted(differences.sort(), 95);
}

/**
 * The recommendation on item-level data (DESIGN.md section 3): the smallest model non-inferior to
 * the best by a paired bootstrap bound (fixed order, largest to smallest), the cheapest of those
 * with a cost table, a confidence cascade when no smaller model suffices alone, and the evidence.
 */
export function recommendItems(
  ladder: ItemLadder,
  boot: PairedBootstrap,
  models: ModelSummary[],
  verdict: Verdict,
  accuracySlope: SlopeEstimate | null,
  options: ItemRecommendationOptions,
): Recommendation {
  const k = ladder.models.length;
  const accuracy = (j: number): number => boot.point[j * METRIC_COUNT + METRIC.accuracy]!;
  let best = 0;
  for (let j = 1; j < k; j++) if (accuracy(j) > accuracy(best)) best = j;
  const order: Array<{ model: string; upperBound: number; passed: boolean }> = [];
  const nonInferior = [best];
  for (let j = best - 1; j >= 0; j--) {
    if (ladder.models[j]!.params >= ladder.models[best]!.params) continue;
    const upperBound = differenceUpperBound(boot, best, j);
    const passed = upperBound < options.margin;
    order.push({ model: ladder.models[j]!.model, upperBound, passed });
    if (!passed) break;
    nonInferior.push(j);
  }
  const costOf = (j: number): number | null => options.costs?.get(ladder.models[j]!.model) ?? null;
  const haveCosts = options.costs !== null && ladder.models.every((_, j) => costOf(j) !== null);
  let pick = nonInferior[nonInferior.length - 1]!;
  if (haveCosts) pick = nonInferior.reduce((cheapest, j) => (costOf(j)! < costOf(cheapest)! ? j : cheapest), pick);
  const costs = haveCosts
    ? ladder.models.map((model, j) => ({ model: model.model, costPerItem: costOf(j)!, costPerCorrect: accuracy(j) > 0 ? costOf(j)! / accuracy(j) : null }))
    : null;
  const evidence: Record<string, unknown> = {
    method: 'paired-bootstrap',
    margin: options.margin,
    best: ladder.models[best]!.model,
    bestAccuracy: accuracy(best),
    nonInferiority: order,
    pick: ladder.models[pick]!.model,
    items: ladder.itemIds.length,
    costBasis: haveCosts ? 'cost-table' : 'parameters',
    costs,
  };
  const bestModel = ladder.models[best]!;
  const pickModel = ladder.models[pick]!;
  const pickText = pick === best
    ? `${name(bestModel)} is the most accurate (${pct(accuracy(best))}) and no smaller model is shown to be within ${pp(options.margin)} of it (paired one-sided 95% bound on ${ladder.itemIds.length} items)`
    : `${name(pickModel)} is within ${pp(options.margin)} of the best, ${name(bestModel)} (paired one-sided 95% bound ${pp(order.find((row) => row.model === pickModel.model)?.upperBound ?? 0)} on ${ladder.itemIds.length} items)`;
  if (verdict === 'insufficient') {
    return { action: 'insufficient-data', model: pickModel.model, reason: `Too few sizes to judge the trend; ${pickText}.`, evidence };
  }
  if (verdict === 'inconclusive') {
    const itemsNeeded = accuracySlope ? settleItems(accuracySlope, models, k, options.delta) : null;
    const more = itemsNeeded !== null ? `about ${itemsNeeded} items per model would settle the trend` : 'more model sizes are needed to settle the trend';
    return { action: 'collect-more-data', model: pickModel.model, reason: `The accuracy trend is unclear: ${more}; meanwhile ${pickText}.`, itemsNeeded, evidence };
  }
  if (pick === best) {
    const cascade = tryCascades(ladder, boot, best, options, haveCosts ? costOf : (j) => ladder.models[j]!.params);
    evidence.cascade = cascade.evidence;
    if (cascade.small !== null) {
      const ev = cascade.evidence as CascadeEvidence;
      const small = ladder.models[cascade.small]!;
      return {
        action: 'hybrid',
        model: small.model,
        reason: `Cascade: let ${name(small)} answer when its confidence is at least ${ev.tau!.toFixed(3)} (${pct(ev.coverage!)} of items) and pass the rest to ${name(bestModel)}; on held-out items it loses at most ${pct(ev.testHarmUpper!)} (95% bound) at ${pct(ev.costPerItem! / ev.largeCostPerItem)} of the cost${haveCosts ? '' : ' (cost taken as proportional to parameters)'}.`,
        evidence,
      };
    }
  }
  if (verdict === 'improving') {
    const largest = ladder.models[k - 1]!;
    if (pick === k - 1) {
      return { action: 'scale-up', model: largest.model, reason: `Accuracy improves with size and no smaller model keeps up: use the largest, ${name(largest)}; a larger one may help further.`, evidence };
    }
    return { action: 'use-smaller', model: pickModel.model, reason: `Accuracy improves with size, but ${pickText}.`, evidence };
  }
  if (verdict === 'flat') {
    const smallest = ladder.models[0]!;
    evidence.pick = smallest.model;
    return { action: 'dont-scale', model: smallest.model, reason: `Don't scale: accuracy is flat across sizes (the 90% interval of its slope lies within ±${pp(options.delta)} per decade), so the smallest model, ${name(smallest)}, does as well as any measured.`, evidence };
  }
  const why = verdict === 'decoupled' ? 'loss improves but accuracy does not' : 'accuracy falls with size';
  return { action: 'dont-scale', model: pickModel.model, reason: `Don't scale: ${why}; ${pickText}.`, evidence };
}

function settleItems(slope: SlopeEstimate, models: ModelSummary[], k: number, delta: number): number | null {
  if (!slope.bootstrap) return null;
  const aggregate: AggregateSlope = {
    ...slope,
    seSampling: slope.bootstrap.se,
    seBetween: slope.residual?.se ?? null,
    df: k - 2,
  };
  return itemsToSettle(aggregate, models.map((model) => ({ ...model, n: model.items ?? model.n })), delta);
}

function tryCascades(ladder: ItemLadder, boot: PairedBootstrap, large: number, options: ItemRecommendationOptions, cost: (j: number) => number | null): { small: number | null; evidence: unknown } {
  const tried: Array<Record<string, unknown>> = [];
  let chosen: { small: number; evidence: Record<string, unknown>; cost: number } | null = null;
  for (let j = 0; j < large; j++) {
    const small = ladder.models[j]!;
    if (!small.confidence || small.params >= ladder.models[large]!.params) continue;
    const aurocDraws = new Float64Array(boot.resamples);
    for (let r = 0; r < boot.resamples; r++) aurocDraws[r] = boot.draws[(r * boot.modelCount + j) * METRIC_COUNT + METRIC.auroc]!;
    const finite = aurocDraws.filter((value) => !Number.isNaN(value)).sort();
    const aurocLow = finite.length > 0 ? percentileOfSorted(finite, 2.5) : Number.NaN;
    if (!(aurocLow > 0.5)) {
      tried.push({ small: small.model, refused: `its confidence does not separate right from wrong answers (AUROC 95% CI reaches ${Number.isNaN(aurocLow) ? 'n/a' : aurocLow.toFixed(3)})`, aurocLow: Number.isNaN(aurocLow) ? null : aurocLow });
      continue;
    }
    const evidence: CascadeEvidence = evaluateCascade({
      itemIds: ladder.itemIds,
      smallCorrect: small.correct,
      smallConfidence: small.confidence,
      largeCorrect: ladder.models[large]!.correct,
      smallCost: cost(j)!,
      largeCost: cost(large)!,
      margin: options.margin,
    });
    const entry = { small: small.model, large: ladder.models[large]!.model, aurocLow, ...evidence };
    tried.push(entry);
    if (evidence.nonInferior && evidence.cheaper && (chosen === null || evidence.costPerItem! < chosen.cost)) {
      chosen = { small: j, evidence: entry, cost: evidence.costPerItem! };
    }
  }
  // The cheapest cascade that holds up on the held-out half; every candidate stays in the evidence.
  return chosen ? { small: chosen.small, evidence: { ...chosen.evidence, candidates: tried } } : { small: null, evidence: tried };
}
