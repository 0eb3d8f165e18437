import { formatParams } from '../../core/params.js';
import type { CalibrationSummary, IntervalEstimate, ModelSummary } from '../task-analysis.js';
import type { ItemLadder } from './item-ladder.js';
import { METRIC, METRIC_COUNT } from './model-metrics.js';
import { percentileInterval, type PairedBootstrap } from './paired-bootstrap.js';

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

/**
 * Model j's calibration, each metric with a paired-bootstrap 95% CI; null without confidences or loss.
 * ECE-type metrics are biased upward, and more so on resamples (repeated items), so the whole
 * bootstrap distribution can sit above the estimate; the interval is therefore the percentile
 * interval shifted by the bootstrap's bias estimate (mean of the draws − estimate), clamped to the
 * metric's range. For unbiased metrics (accuracy-like means) the shift is nearly zero.
 */
export function calibrationSummary(boot: PairedBootstrap, j: number): CalibrationSummary | null {
  if (!boot.prepared[j]!.confidence && !boot.prepared[j]!.loss) return null;
  const stride = boot.modelCount * METRIC_COUNT;
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
    return { estimate, low: Math.max(min, interval.low - bias), high: Math.min(max, interval.high - bias) };
  };
  const summary = {} as CalibrationSummary;
  for (const key of CALIBRATION_KEYS) summary[key] = entry(key);
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
    notes.push(`Calibration (95% CIs): ${parts.join('; ')}.`);
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
