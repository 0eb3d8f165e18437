import type { Measurement } from '../core/measurement.js';
import { aggregateInterval, aggregateSlope, type AggregateSlope } from './aggregate-slope.js';
import { standardNormalQuantile } from './distributions.js';
import { notebookAnalysis } from './notebook.js';
import { accuracyVariance, recommendAggregate } from './recommend-aggregate.js';
import { explainVerdict } from './explain-verdict.js';
import type { AnalysisOptions, ModelSummary, Recommendation, TaskAnalysis } from './task-analysis.js';
import { isEvidence, overconfidenceTrend, scalingVerdict } from './verdict.js';
import { aggregateTails, claimPValue } from './slope-tails.js';
import { setInconclusiveFallback } from './adjust-verdicts.js';
import { fitCurves } from './fits/fit-curves.js';

/** Orders rows by size ascending (ties by model name), as the notebook's rows are. */
export function sortBySize<T extends { params: number; model: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.params - b.params || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
}

/** Slope of one metric over the models that have it, on x = log10(params). */
function metricSlope(
  models: ModelSummary[],
  value: (model: ModelSummary) => number | null,
  variance: (model: ModelSummary) => number | null,
): AggregateSlope | null {
  const rows = models.filter((model) => value(model) !== null);
  if (rows.length < 2) return null;
  return aggregateSlope(rows.map((model) => Math.log10(model.params)), rows.map((model) => value(model)!), rows.map(variance));
}

/**
 * True when a smaller model beats a larger one by more than the measurement error, with the
 * family of all (smaller, larger) pairs held to a 5% family-wise error rate (Holm; for "is any
 * pair reversed" Holm's first step decides: the smallest one-sided p-value against 0.05 / pairs).
 * Null when some pair has no sampling variance and no other pair is flagged.
 */
export function nonMonotonic(models: ModelSummary[], familyError = 0.05): boolean | null {
  const standardized: number[] = [];
  let unknown = false;
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const small = models[i]!;
      const large = models[j]!;
      if (small.params >= large.params || small.accuracy === null || large.accuracy === null) continue;
      const varianceSmall = accuracyVariance(small);
      const varianceLarge = accuracyVariance(large);
      if (varianceSmall === null || varianceLarge === null) { unknown = true; continue; }
      const difference = small.accuracy - large.accuracy;
      const variance = varianceSmall + varianceLarge;
      standardized.push(variance > 0 ? difference / Math.sqrt(variance) : difference > 0 ? Number.POSITIVE_INFINITY : 0);
    }
  }
  if (standardized.length > 0) {
    const threshold = standardNormalQuantile(1 - familyError / standardized.length);
    if (standardized.some((z) => z > threshold)) return true;
  }
  return unknown ? null : false;
}

/** Decoupling angle in degrees: atan2(acc slope / (1 − chance), −loss slope / (mean loss − floor)). */
export function decouplingAngle(accuracySlope: number, lossSlope: number, meanLoss: number, chance: number, lossFloor = 0): number | null {
  const lossScale = meanLoss - lossFloor;
  if (!(lossScale > 0) || !(chance < 1)) return null;
  return (Math.atan2(accuracySlope / (1 - chance), -lossSlope / lossScale) * 180) / Math.PI;
}

function summarize(row: Measurement): ModelSummary {
  return { model: row.model, params: row.params, ...(row.tokens != null ? { tokens: row.tokens } : {}), accuracy: row.accuracy, loss: row.loss, confidence: row.confidence, n: row.n, accuracySe: row.accuracySe };
}

/** scalegap's analysis of one (task, family) ladder from aggregate measurements. */
export function analyzeAggregateTask(rows: Measurement[], options: AnalysisOptions): TaskAnalysis {
  const sorted = sortBySize(rows);
  const models = sorted.map(summarize);
  const withBoth = sorted.filter((row) => row.loss !== null && row.accuracyPct !== null);
  const notebook = withBoth.length === sorted.length
    ? notebookAnalysis(withBoth.map((row) => row.params), withBoth.map((row) => row.loss!), withBoth.map((row) => row.accuracyPct!))
    : null;
  const accuracy = metricSlope(models, (m) => m.accuracy, accuracyVariance);
  const loss = metricSlope(models, (m) => m.loss, (m) => sorted.find((row) => row.model === m.model)?.lossSe ?? null);
  const confidence = metricSlope(models, (m) => m.confidence, () => null);
  const gap = metricSlope(
    models,
    (m) => (m.confidence !== null && m.accuracy !== null ? m.confidence - m.accuracy : null),
    accuracyVariance,
  );
  const distinctSizes = new Set(models.filter((m) => m.accuracy !== null).map((m) => m.params)).size;
  const accuracy90 = accuracy ? aggregateInterval(accuracy, 0.9) : null;
  if (accuracy) accuracy.interval90 = accuracy90 && accuracy90.low !== null && accuracy90.high !== null ? { low: accuracy90.low, high: accuracy90.high } : null;
  const verdict = scalingVerdict({
    distinctSizes,
    accuracy,
    accuracy90,
    loss,
    delta: options.delta,
    accuracies: models.map((m) => m.accuracy),
  });
  const overconfidence = overconfidenceTrend(gap, gap ? aggregateInterval(gap, 0.9) : null, options.delta, distinctSizes);
  const losses = models.map((m) => m.loss).filter((value): value is number => value !== null);
  const chance = sorted.find((row) => row.chance !== null)?.chance ?? 0;
  const angleDeg = accuracy && loss && losses.length > 0
    ? decouplingAngle(accuracy.estimate, loss.estimate, losses.reduce((sum, value) => sum + value, 0) / losses.length, chance)
    : null;
  const recommendation = recommendAggregate(verdict, models, accuracy, options);
  const analysis: TaskAnalysis = {
    task: rows[0]!.task,
    family: rows[0]!.family,
    chance: sorted.find((row) => row.chance !== null)?.chance ?? null,
    models,
    notebook,
    slopes: { accuracy, loss, confidence, gap },
    verdict,
    overconfidence,
    nonMonotonic: nonMonotonic(models),
    angleDeg,
    slopeMethod: 'aggregate',
    fits: fitCurves({ x: models.map((m) => Math.log10(m.params)), accuracy: models.map((m) => m.accuracy), loss: models.map((m) => m.loss), chance, seed: 1 }),
    recommendation,
    notes: [],
    multiplicity: {
      unadjustedVerdict: verdict,
      pValue: isEvidence(accuracy) ? claimPValue(verdict, aggregateTails(accuracy), isEvidence(loss) ? aggregateTails(loss) : null, options.delta) : null,
      adjustedP: null,
      survived: null,
    },
  };
  analysis.notes = explainVerdict(analysis, options);
  withInconclusiveFallback(analysis, recommendAggregate('inconclusive', models, accuracy, options), options, []);
  return analysis;
}

/** Registers what a task says when its verdict does not survive the adjustment across tasks. */
export function withInconclusiveFallback(analysis: TaskAnalysis, recommendation: Recommendation, options: AnalysisOptions, otherNotes: string[]): void {
  if (!analysis.multiplicity || analysis.multiplicity.pValue === null) return;
  const notes = explainVerdict({ ...analysis, verdict: 'inconclusive', recommendation }, options);
  setInconclusiveFallback(analysis, { recommendation, notes: [...notes, ...otherNotes] });
}
