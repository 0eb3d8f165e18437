import type { ItemResult } from '../../core/item-result.js';
import { emptyMeasurement, type Measurement } from '../../core/measurement.js';
import { analyzeAggregateTask, decouplingAngle, nonMonotonic, withInconclusiveFallback } from '../analyze-task.js';
import { adjustVerdicts, type AdjustmentSummary } from '../adjust-verdicts.js';
import { claimPValue, slopeTails, type SlopeTails } from '../slope-tails.js';
import { explainVerdict } from '../explain-verdict.js';
import { fitCurves } from '../fits/fit-curves.js';
import { notebookAnalysis } from '../notebook.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions, type CalibrationSummary, type SlopeEstimate, type TaskAnalysis } from '../task-analysis.js';
import { isEvidence, overconfidenceTrend, scalingVerdict } from '../verdict.js';
import { calibrationSummary, calibrationNotes } from './calibration-summary.js';
import { reliabilityBins } from './reliability-bins.js';
import { ItemLadderCollector, type ItemLadder, type LadderModel } from './item-ladder.js';
import { METRIC, METRIC_COUNT } from './model-metrics.js';
import { pairedBootstrap, type PairedBootstrap } from './paired-bootstrap.js';
import { pairedSlope } from './paired-slope.js';
import { recommendItems, type CostPerItem } from './recommend-items.js';
import type { TaskExecutor } from '../task-jobs.js';

/** Options of the item-level analysis (CLI: --bootstrap, --seed, --margin, --delta, --costs). */
export interface ItemAnalysisOptions extends AnalysisOptions {
  /** Bootstrap resamples (B). */
  resamples: number;
  seed: number;
  /** Cost per item per model (USD); null to compare cost by parameter count. */
  costs: CostPerItem | null;
}

export const DEFAULT_ITEM_OPTIONS: ItemAnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, resamples: 2000, seed: 1, costs: null };

/** Aggregate rows from a ladder whose models do not share items (each model's own items). */
function ladderMeasurements(ladder: ItemLadder): Measurement[] {
  return ladder.models.map((model) => {
    const row = emptyMeasurement(ladder.task, model.model, model.params);
    let n = 0;
    let hits = 0;
    let confidence = 0;
    let loss = 0;
    for (let i = 0; i < model.correct.length; i++) {
      if (model.present && model.present[i] === 0) continue;
      n++;
      hits += model.correct[i]!;
      if (model.confidence) confidence += model.confidence[i]!;
      if (model.loss) loss += model.loss[i]!;
    }
    return {
      ...row,
      family: ladder.family,
      accuracy: hits / n,
      accuracyPct: (hits / n) * 100,
      confidence: model.confidence ? confidence / n : null,
      confidencePct: model.confidence ? (confidence / n) * 100 : null,
      loss: model.loss ? loss / n : null,
      n,
      chance: ladder.chance,
    };
  });
}

/** scalegap's analysis of one ladder from item-level results (paired item bootstrap). */
export function analyzeItemLadder(ladder: ItemLadder, options: ItemAnalysisOptions): TaskAnalysis {
  if (ladder.mismatch) {
    const analysis = analyzeAggregateTask(ladderMeasurements(ladder), options);
    const { model, missing } = ladder.mismatch;
    analysis.notes.unshift(`Model "${model}" lacks ${missing.length} item(s) the others have (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): the models are not paired, so the aggregate rules were used.`);
    return analysis;
  }
  const boot = pairedBootstrap(ladder, { resamples: options.resamples, seed: options.seed });
  const k = ladder.models.length;
  const value = (j: number, slot: number): number | null => {
    const v = boot.point[j * METRIC_COUNT + slot]!;
    return Number.isFinite(v) ? v : null;
  };
  const accuracySd = (j: number): number => {
    let sum = 0;
    let squares = 0;
    for (let b = 0; b < boot.resamples; b++) {
      const v = boot.draws[(b * k + j) * METRIC_COUNT + METRIC.accuracy]!;
      sum += v;
      squares += v * v;
    }
    const mean = sum / boot.resamples;
    return Math.sqrt(Math.max(0, squares / boot.resamples - mean * mean));
  };
  const models = ladder.models.map((model, j) => ({
    model: model.model,
    params: model.params,
    ...(model.tokens != null ? { tokens: model.tokens } : {}),
    accuracy: value(j, METRIC.accuracy),
    loss: value(j, METRIC.loss),
    confidence: value(j, METRIC.confidence),
    n: ladder.itemIds.length,
    accuracySe: accuracySd(j),
    items: ladder.itemIds.length,
    calibration: withReliabilityBins(calibrationSummary(boot, j, options.seed + 7919 * (j + 1)), ladder.models[j]!),
  }));
  const slopes = {
    accuracy: pairedSlope(boot, 0, METRIC.accuracy),
    loss: pairedSlope(boot, 1, METRIC.loss),
    confidence: pairedSlope(boot, 2, METRIC.confidence),
    gap: pairedSlope(boot, 3, METRIC.gap),
  };
  const distinctSizes = new Set(ladder.models.map((model) => model.params)).size;
  const accuracy90 = pairedSlope(boot, 0, METRIC.accuracy, 0.9);
  if (slopes.accuracy) slopes.accuracy.interval90 = accuracy90 && accuracy90.low !== null && accuracy90.high !== null ? { low: accuracy90.low, high: accuracy90.high } : null;
  const verdict = scalingVerdict({
    distinctSizes,
    accuracy: slopes.accuracy,
    accuracy90,
    loss: slopes.loss,
    delta: options.delta,
    accuracies: models.map((m) => m.accuracy),
  });
  const overconfidence = overconfidenceTrend(slopes.gap, pairedSlope(boot, 3, METRIC.gap, 0.9), options.delta, distinctSizes);
  const chance = ladder.chance ?? 0;
  const losses = models.map((m) => m.loss).filter((v): v is number => v !== null);
  const angleDeg = slopes.accuracy && slopes.loss && losses.length > 0
    ? decouplingAngle(slopes.accuracy.estimate, slopes.loss.estimate, losses.reduce((sum, v) => sum + v, 0) / losses.length, chance)
    : null;
  const notebook = models.every((m) => m.loss !== null)
    ? notebookAnalysis(models.map((m) => m.params), models.map((m) => m.loss!), models.map((m) => m.accuracy! * 100))
    : null;
  const fits = fitCurves({
    x: Array.from(boot.x),
    accuracy: models.map((m) => m.accuracy),
    loss: models.map((m) => m.loss),
    chance,
    accuracyDraw: (b, j) => boot.draws[(b * k + j) * METRIC_COUNT + METRIC.accuracy]!,
    lossDraw: (b, j) => boot.draws[(b * k + j) * METRIC_COUNT + METRIC.loss]!,
    resamples: boot.resamples,
    seed: options.seed,
  });
  const analysis: TaskAnalysis = {
    task: ladder.task,
    family: ladder.family,
    chance: ladder.chance,
    models,
    notebook,
    slopes,
    verdict,
    overconfidence,
    nonMonotonic: nonMonotonic(models),
    angleDeg,
    slopeMethod: 'paired-bootstrap',
    fits,
    recommendation: recommendItems(ladder, boot, models, verdict, slopes.accuracy, options),
    notes: [],
    multiplicity: {
      unadjustedVerdict: verdict,
      pValue: isEvidence(slopes.accuracy)
        ? claimPValue(verdict, pairedTails(boot, 0, slopes.accuracy), isEvidence(slopes.loss) ? pairedTails(boot, 1, slopes.loss) : null, options.delta)
        : null,
      adjustedP: null,
      survived: null,
    },
  };
  const otherNotes = calibrationNotes(ladder, models);
  analysis.notes = [...explainVerdict(analysis, options), ...otherNotes];
  withInconclusiveFallback(analysis, recommendItems(ladder, boot, models, 'inconclusive', slopes.accuracy, options), options, otherNotes);
  return analysis;
}

/**
 * Analyses item-level results: one TaskAnalysis per (task, family) ladder with paired-bootstrap
 * slopes, calibration per model, curve fits and an evidence-based recommendation. Accepts rows
 * (collected here; a model whose item set differs is an input error) or ladders built by a reader.
 */
export function analyzeItems(input: Iterable<ItemResult> | ItemLadder[], options: Partial<ItemAnalysisOptions> = {}): { schemaVersion: 1; tasks: TaskAnalysis[]; adjustment: AdjustmentSummary } {
  const resolved: ItemAnalysisOptions = { ...DEFAULT_ITEM_OPTIONS, ...options };
  let ladders: ItemLadder[];
  if (Array.isArray(input) && (input.length === 0 || 'itemIds' in (input[0] as object))) {
    ladders = input as ItemLadder[];
  } else {
    const collector = new ItemLadderCollector();
    for (const row of input as Iterable<ItemResult>) collector.add(row);
    ladders = collector.build('error');
  }
  const tasks = ladders.map((ladder) => analyzeItemLadder(ladder, resolved));
  return { schemaVersion: 1, tasks, adjustment: adjustVerdicts(tasks, resolved.adjust) };
}

/** Adds the reliability-diagram bins of a model's items to its calibration summary. */
function withReliabilityBins(summary: CalibrationSummary | null, model: LadderModel): CalibrationSummary | null {
  if (!summary || !model.confidence) return summary;
  return { ...summary, bins: reliabilityBins(model.correct, model.confidence) };
}

/** Tails of a paired-bootstrap slope: its draws and the residual (t, df = k − 2) source. */
function pairedTails(boot: PairedBootstrap, s: number, slope: SlopeEstimate): SlopeTails | null {
  const draws = new Float64Array(boot.resamples);
  for (let b = 0; b < boot.resamples; b++) draws[b] = boot.slopeDraws[b * 4 + s]!;
  return slopeTails(slope.estimate, slope.residual ? [{ se: slope.residual.se, df: boot.modelCount - 2 }] : [], draws);
}

/** analyzeItems on ladders with the per-ladder analyses run by an executor (e.g. on worker threads): the same result. */
export async function analyzeItemsWith(executor: TaskExecutor, ladders: ItemLadder[], options: Partial<ItemAnalysisOptions> = {}): Promise<{ schemaVersion: 1; tasks: TaskAnalysis[]; adjustment: AdjustmentSummary }> {
  const resolved: ItemAnalysisOptions = { ...DEFAULT_ITEM_OPTIONS, ...options };
  const tasks = await executor.analyze('itemLadder', ladders, resolved);
  return { schemaVersion: 1, tasks, adjustment: adjustVerdicts(tasks, resolved.adjust) };
}
