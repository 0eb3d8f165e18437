import { formatParams } from '../../core/params.js';
import type { CalibrationSummary, IntervalEstimate, ModelSummary } from '../task-analysis.js';
import type { ItemLadder } from './item-ladder.js';
import { METRIC, METRIC_COUNT } from './model-metrics.js';
import { percentileInterval, type PairedBootstrap } from './paired-bootstrap.js';
import { NULL_TESTED, perfectCalibrationDraws } from './perfect-calibration-draws.js';

export { NULL_TESTED, perfectCalibrationDraws } from './perfect-calibration-draws.js';

/** Below this many items ECE mostly measures noise. */
export const FEW_ITEMS = 300;

/** ECE (10 equal-mass bins) of a perfectly calibrated model with n items: about 1.07/√n. */
export function eceNoiseFloor(items: number): number {
  return 1.07 / Math.sqrt(items);
}

const CALIBRATION_KEYS = [
  'gap', 'ece', 'eceEqualWidth', 'smoothEce', 'brier', 'brierReliability', 'brierResolution', 'brierUncertainty', 'nll', 'auroc', 'aurc', 'selectiveAccuracy50', 'selectiveAccuracy80',
] as const satisfies ReadonlyArray<keyof CalibrationSummary & keyof typeof METRIC>;

/** Range of each calibration metric, for clamping its interval. */
const RANGE: Partial<Record<(typeof CALIBRATION_KEYS)[number], [number, number]>> = { gap: [-1, 1], nll: [0, Number.POSITIVE_INFINITY] };

/** Outcome draws of the perfect-calibration test (at most; fewer when the bootstrap has fewer resamples). */
export const NULL_DRAWS = 1000;

/**
 * Model j's calibration, each metric with a paired-bootstrap 95% CI; null without confidences or loss.
 * ECE-type metrics are biased upward, and more so on resamples (repeated items), so the whole
 * bootstrap distribution can sit above the estimate; the interval is therefore the percentile
 * interval shifted by the bootstrap's bias estimate (mean of the draws − estimate), clamped to the
 * metric's range. The shift does not remove the finite-sample bias, so for ECE-type metrics the
 * low end is 0 whenever the estimate is not above what a perfectly calibrated model with the same
 * confidences shows in 95% of outcome draws (p ≥ 0.05 against that null): such an interval reaches
 * 0 at least 95% of the time for a calibrated model. For unbiased metrics the shift is nearly zero.
 */
export function calibrationSummary(boot: PairedBootstrap, j: number, seed = 1): CalibrationSummary | null {
  const prepared = boot.prepared[j]!;
  if (!prepared.confidence && !prepared.loss) return null;
  const stride = boot.modelCount * METRIC_COUNT;
  const nullCount = prepared.confidence ? Math.min(NULL_DRAWS, boot.resamples) : 0;
  const nullDraws = nullCount > 0 ? perfectCalibrationDraws(prepared, nullCount, seed) : null;
  const pValues: Record<(typeof NULL_TESTED)[number], number | null> = { ece: null, eceEqualWidth: null, smoothEce: null, brierReliability: null };
  const entry = (key: (typeof CALIBRATION_KEYS)[number]): IntervalEstimate | null => {
    const slot = METRIC[key];
    const estimate = boot.point[j * METRIC_COUNT + slot]!;
    if (!Number.isFinite(estimate)) return null;
    const interval = percentileInterval(boot.draws, boot.resamples, stride, j * METRIC_COUNT + slot, 0.95);
    if (!interval) return { estimate, low: null, high: null };
    let sum = 0;
    let used = 0;
    for (let b = 0; b < boot.resamples; b++) {
      const value = boot.draws[b * stride + j * METRIC_COUNT + slot]!;
      if (!Number.isNaN(value)) { sum += value; used++; }
    }
    const bias = sum / used - estimate;
    const [min, max] = RANGE[key] ?? [0, 1];
    let low = Math.max(min, interval.low - bias);
    const high = Math.min(max, interval.high - bias);
    const tested = (NULL_TESTED as readonly string[]).indexOf(key);
    if (nullDraws && tested >= 0) {
      let atLeast = 0;
      for (let d = 0; d < nullCount; d++) if (nullDraws[d * NULL_TESTED.length + tested]! >= estimate - 1e-12) atLeast++;
      const p = (1 + atLeast) / (1 + nullCount);
      pValues[key as (typeof NULL_TESTED)[number]] = p;
      if (p >= 0.05) low = 0;
    }
    return { estimate, low, high: Math.max(low, high) };
  };
  const summary = {} as CalibrationSummary;
  for (const key of CALIBRATION_KEYS) summary[key] = entry(key);
  if (nullDraws) summary.perfectCalibration = { draws: nullCount, pValues };
  return summary;
}

/** Warnings about calibration evidence: few items (ECE's noise floor) and mixed confidence methods. */
export function calibrationNotes(ladder: ItemLadder, models: ModelSummary[]): string[] {
  const notes: string[] = [];
  const items = ladder.itemIds.length;
  if (items < FEW_ITEMS && models.some((model) => model.calibration?.ece)) {
    notes.push(`Only ${items} items per model: even a perfectly calibrated model shows an ECE of about ${eceNoiseFloor(items).toFixed(3)} at this size (the noise floor), so ECE differences below that mean little.`);
  }
  const described = models.filter((model) => model.calibration?.ece && model.calibration.auroc);
  if (described.length > 0) {
    const ci = (entry: { estimate: number; low: number | null; high: number | null }): string =>
      `${entry.estimate.toFixed(3)}${entry.low !== null && entry.high !== null ? ` [${entry.low.toFixed(3)}, ${entry.high.toFixed(3)}]` : ''}`;
    const parts = [described[0]!, described[described.length - 1]!].filter((model, i, all) => all.indexOf(model) === i).map((model) => {
      const c = model.calibration!;
      return `${model.model} (${formatParams(model.params)}) ECE ${ci(c.ece!)}, gap ${ci(c.gap!)}, AUROC ${ci(c.auroc!)}`;
    });
    notes.push(`Calibration (95% CIs): ${parts.join('; ')}. An ECE interval starts at 0 where perfect calibration cannot be rejected (p ≥ 0.05 against outcomes redrawn from the model's own confidences).`);
  }
  const methods = new Set(ladder.models.flatMap((model) => model.methods));
  if (methods.size > 1) {
    notes.push(`Confidence comes from different methods (${[...methods].join(', ')}): the confidence and gap slopes mix them.`);
  }
  for (const model of ladder.models) {
    if (model.methods.length > 1) notes.push(`${model.model} (${formatParams(model.params)}) mixes confidence methods within its items.`);
  }
  return notes;
}
