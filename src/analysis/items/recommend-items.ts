import { formatParams } from '../../core/params.js';
import { itemsToSettle } from '../recommend-aggregate.js';
import type { AggregateSlope } from '../aggregate-slope.js';
import type { ModelSummary, Recommendation, SlopeEstimate, Verdict } from '../task-analysis.js';
import { evaluateCascade, type CascadeEvidence } from './cascade.js';
import type { ItemLadder } from './item-ladder.js';
import { METRIC, METRIC_COUNT } from './model-metrics.js';
import type { PairedBootstrap } from './paired-bootstrap.js';
import { percentileOfSorted } from './percentile.js';
import { fixedOrderNonInferior, sizeGroups } from '../size-groups.js';

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

/** One-sided 95% upper bound (bootstrap percentile) of acc_a − acc_b for two size groups, paired over items. */
function differenceUpperBound(boot: PairedBootstrap, a: number[], b: number[]): number {
  const k = boot.modelCount;
  const groupMean = (base: number, members: number[]): number => {
    let sum = 0;
    for (const j of members) sum += boot.draws[base + j * METRIC_COUNT + METRIC.accuracy]!;
    return sum / members.length;
  };
  const differences = new Float64Array(boot.resamples);
  for (let r = 0; r < boot.resamples; r++) {
    const base = r * k * METRIC_COUNT;
    differences[r] = groupMean(base, a) - groupMean(base, b);
  }
  return percentileOfSorted(differences.sort(), 95);
}

/**
 * The recommendation on item-level data (DESIGN.md section 3): the smallest size non-inferior to
 * the best by a paired bootstrap bound (fixed order, largest to smallest; replicate models of one
 * size tested as a group), the cheapest model of those with a cost table, a confidence cascade
 * when no smaller size suffices alone, and the evidence. Flat, decoupled and inverse tasks name
 * the model that passes the same test, never the smallest by default.
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
  const groups = sizeGroups(ladder.models.map((model, j) => ({ params: model.params, j })));
  const members = (g: number): number[] => groups[g]!.members.map((member) => member.j);
  const groupAccuracy = (g: number): number => members(g).reduce((sum, j) => sum + accuracy(j), 0) / members(g).length;
  const top = (g: number): number => members(g).reduce((first, j) => (accuracy(j) > accuracy(first) ? j : first));
  let bestGroup = 0;
  for (let g = 1; g < groups.length; g++) if (groupAccuracy(g) > groupAccuracy(bestGroup)) bestGroup = g;
  const { pick: pickGroup, steps: order } = fixedOrderNonInferior(
    groups, bestGroup, (g) => differenceUpperBound(boot, members(bestGroup), members(g)), options.margin, (g) => ladder.models[top(g)]!.model,
  );
  const best = top(bestGroup);
  const nonInferior: number[] = [];
  for (let g = bestGroup; g >= pickGroup; g--) nonInferior.push(...members(g));
  const costOf = (j: number): number | null => options.costs?.get(ladder.models[j]!.model) ?? null;
  const haveCosts = options.costs !== null && ladder.models.every((_, j) => costOf(j) !== null);
  let pick = top(pickGroup);
  if (haveCosts) pick = nonInferior.reduce((cheapest, j) => (costOf(j)! < costOf(cheapest)! ? j : cheapest), pick);
  const costs = haveCosts
    ? ladder.models.map((model, j) => ({ model: model.model, costPerItem: costOf(j)!, costPerCorrect: accuracy(j) > 0 ? costOf(j)! / accuracy(j) : null }))
    : null;
  const evidence: Record<string, unknown> = {
    method: 'paired-bootstrap',
    margin: options.margin,
    best: ladder.models[best]!.model,
    bestAccuracy: groupAccuracy(bestGroup),
    nonInferiority: order,
    pick: ladder.models[pick]!.model,
    items: ladder.itemIds.length,
    costBasis: haveCosts ? 'cost-table' : 'parameters',
    costs,
  };
  const bestModel = ladder.models[best]!;
  const pickModel = ladder.models[pick]!;
  const pickStep = order.find((row) => row.params === pickModel.params);
  const pickText = !pickStep
    ? `${name(bestModel)} is the most accurate (${pct(groupAccuracy(bestGroup))})${order.length > 0 ? ` and no smaller model is shown to be within ${pp(options.margin)} of it (paired one-sided 95% bound on ${ladder.itemIds.length} items)` : ''}`
    : `${name(pickModel)} is within ${pp(options.margin)} of the best, ${name(bestModel)} (paired one-sided 95% bound ${pp(pickStep.upperBound)} on ${ladder.itemIds.length} items)`;
  if (verdict === 'insufficient') {
    return { action: 'insufficient-data', model: pickModel.model, reason: `Too few sizes to judge the trend; ${pickText}.`, evidence };
  }
  if (verdict === 'inconclusive') {
    const itemsNeeded = accuracySlope ? settleItems(accuracySlope, models, k, options.delta) : null;
    const more = itemsNeeded !== null ? `about ${itemsNeeded} items per model would settle the trend` : 'more model sizes are needed to settle the trend';
    return { action: 'collect-more-data', model: pickModel.model, reason: `The accuracy trend is unclear: ${more}; meanwhile ${pickText}.`, itemsNeeded, evidence };
  }
  if (pickModel.params === bestModel.params) {
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
    if (pickModel.params === groups[groups.length - 1]!.params) {
      return { action: 'scale-up', model: pickModel.model, reason: `Accuracy improves with size and no smaller model keeps up: use the largest, ${name(pickModel)}; a larger one may help further.`, evidence };
    }
    return { action: 'use-smaller', model: pickModel.model, reason: `Accuracy improves with size, but ${pickText}.`, evidence };
  }
  const why = verdict === 'flat'
    ? `accuracy is flat across sizes (the 90% interval of its slope lies within ±${pp(options.delta)} per decade)`
    : verdict === 'decoupled' ? 'loss improves but accuracy credibly does not keep up' : 'accuracy falls with size';
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
