import { standardNormalQuantile } from './distributions.js';
import type { Recommendation, TaskAnalysis, Verdict } from './task-analysis.js';

/** How verdict-deciding tests are adjusted across the tasks of one analysis (CLI: --fdr Q, --no-adjust). */
export type MultiplicityMethod = 'holm' | 'bh' | 'none';

export interface MultiplicityOptions {
  method: MultiplicityMethod;
  /** Family-wise error (Holm) or false discovery rate (BH). */
  level: number;
}

export const DEFAULT_MULTIPLICITY: MultiplicityOptions = { method: 'holm', level: 0.05 };

/** One task's part in the adjustment. */
export interface TaskMultiplicity {
  /** The verdict before the adjustment. */
  unadjustedVerdict: Verdict;
  /** p-value of the claim that verdict makes (null: it claims nothing, e.g. inconclusive). */
  pValue: number | null;
  /** Holm / BH adjusted p-value (the p-value itself without adjustment). */
  adjustedP: number | null;
  /** False when the verdict did not survive the adjustment and became inconclusive. */
  survived: boolean | null;
}

/** What was adjusted, reported once per analysis. */
export interface AdjustmentSummary {
  method: MultiplicityMethod;
  level: number;
  /** Tasks whose verdict rests on a test (every task but the insufficient ones). */
  tasksTested: number;
  /** Tasks whose unadjusted verdict claimed a trend, flatness or decoupling. */
  claims: number;
  /** Claims that survive the adjustment. */
  survived: number;
  /** One sentence for reports. */
  text: string;
}

export interface InconclusiveFallback {
  recommendation: Recommendation;
  /** Notes for an inconclusive verdict (the verdict's explanation and everything else). */
  notes: string[];
}

const fallbacks = new WeakMap<TaskAnalysis, InconclusiveFallback>();

/** Records what a task says if its verdict does not survive the adjustment (set by the analysers). */
export function setInconclusiveFallback(analysis: TaskAnalysis, fallback: InconclusiveFallback): void {
  fallbacks.set(analysis, fallback);
}

/** What a task says if its verdict does not survive the adjustment (undefined when the analysers set nothing). */
export function inconclusiveFallback(analysis: TaskAnalysis): InconclusiveFallback | undefined {
  return fallbacks.get(analysis);
}

/** Holm step-down adjusted p-values (same order as the input). */
export function holmAdjusted(pValues: number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Benjamini–Hochberg step-up adjusted p-values (same order as the input). */
export function benjaminiHochbergAdjusted(pValues: number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const [p, i] = order[rank]!;
    running = Math.min(running, (m * p) / (rank + 1));
    adjusted[i] = running;
  }
  return adjusted;
}

const METHOD_NAME: Record<MultiplicityMethod, string> = { holm: 'Holm', bh: 'Benjamini–Hochberg', none: 'no' };

/**
 * Adjusts the verdict-deciding tests across the tasks (DESIGN.md section 3): every task with a
 * usable interval is one hypothesis (inconclusive ones count with p = 1); a verdict whose adjusted
 * p-value is not below the level becomes `inconclusive`, with its recommendation and notes.
 * Mutates and returns the tasks' analyses; idempotent per analysis (call it once on the whole set).
 */
export function adjustVerdicts(tasks: TaskAnalysis[], options: MultiplicityOptions = DEFAULT_MULTIPLICITY): AdjustmentSummary {
  const tested = tasks.filter((task) => (task.multiplicity?.unadjustedVerdict ?? task.verdict) !== 'insufficient');
  const pValues = tested.map((task) => task.multiplicity?.pValue ?? 1);
  const adjusted = options.method === 'holm' ? holmAdjusted(pValues) : options.method === 'bh' ? benjaminiHochbergAdjusted(pValues) : pValues;
  let claims = 0;
  let survived = 0;
  tested.forEach((task, i) => {
    const multiplicity = task.multiplicity;
    if (!multiplicity || multiplicity.pValue === null) return;
    claims++;
    const adjustedP = adjusted[i]!;
    const keeps = options.method === 'none' || tested.length <= 1 || (options.method === 'bh' ? adjustedP <= options.level : adjustedP < options.level);
    multiplicity.adjustedP = adjustedP;
    multiplicity.survived = keeps;
    if (keeps) { survived++; return; }
    const verdict = multiplicity.unadjustedVerdict;
    const fallback = fallbacks.get(task);
    task.verdict = 'inconclusive';
    const why = `The ${verdict} verdict (p = ${formatP(multiplicity.pValue)}) does not survive the ${METHOD_NAME[options.method]} adjustment across ${tested.length} tasks (adjusted p = ${formatP(adjustedP)}, level ${options.level}): inconclusive.`;
    task.notes = [why, ...(fallback?.notes ?? task.notes)];
    if (fallback) task.recommendation = { ...atAdjustedLevel(fallback.recommendation, options.level * (multiplicity.pValue / adjustedP)), evidence: { ...fallback.recommendation.evidence, adjustedFrom: verdict } };
    else task.recommendation = { ...task.recommendation, action: 'collect-more-data', reason: `${why} ${task.recommendation.reason}` };
  });
  const text = options.method === 'none' || tested.length <= 1
    ? `Verdicts rest on per-task intervals (${claims} of ${tested.length} tested tasks claim a trend, flatness or decoupling; no adjustment across tasks).`
    : `${survived} of ${claims} verdicts survive the ${METHOD_NAME[options.method]} adjustment across ${tested.length} tasks (${options.method === 'bh' ? 'false discovery rate' : 'family-wise error'} ${options.level}); the tests adjusted are the slope intervals that decide each verdict.`;
  return { method: options.method, level: options.level, tasksTested: tested.length, claims, survived, text };
}

/**
 * The items needed to settle a demoted verdict at the level the adjustment applied to it (the
 * per-task interval already settles it at the unadjusted level): the sampling SE must shrink by
 * z(1 − α/2) / z(0.975) more, so the items grow by that ratio squared.
 */
function atAdjustedLevel(recommendation: Recommendation, alpha: number): Recommendation {
  const items = recommendation.itemsNeeded;
  if (items === null || items === undefined || !(alpha > 0 && alpha < 0.05)) return recommendation;
  const ratio = standardNormalQuantile(1 - alpha / 2) / standardNormalQuantile(0.975);
  const adjusted = Math.ceil(items * ratio * ratio);
  const current = recommendation.evidence?.items;
  if (typeof current === 'number' && adjusted <= current) {
    // The sampling-only estimate says the items at hand suffice, yet the verdict fell: the model scatter decides.
    return {
      ...recommendation,
      itemsNeeded: null,
      reason: recommendation.reason.replace(`about ${items} items per model would settle the trend`, 'more sizes (or many more items) are needed to settle the trend after the adjustment across tasks'),
    };
  }
  return {
    ...recommendation,
    itemsNeeded: adjusted,
    reason: recommendation.reason.replace(`about ${items} items per model`, `about ${adjusted} items per model (at the adjusted level)`),
  };
}

function formatP(p: number): string {
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}
