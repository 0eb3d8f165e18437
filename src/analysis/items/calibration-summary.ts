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

/** Model j's calibration, each metric with its paired-bootstrap percentile 95% CI; null without confidences. */
export function calibrationSummary(boot: PairedBootstrap, j: number): CalibrationSummary | null {
  if (!boot.prepared[j]!.confidence) {
    if (!boot.prepared[j]!.loss) return null;
  }
  const stride = boot.modelCount * METRIC_COUNT;
  const entry = (slot: number): IntervalEstimate | null => {
    const estimate = boot.point[j * METRIC_COUNT + slot]!;
    if (!Number.isFinite(estimate)) return null;
    const interval = percentileInterval(boot.draws, boot.resamples, stride, j * METRIC_COUNT + slot, 0.95);
    return { estimate, low: interval?.low ?? null, high: interval?.high ?? null };
  };
  const summary = {} as CalibrationSummary;
  for (const key of CALIBRATION_KEYS) summary[key] = entry(METRIC[key]);
  return summary;
}

/** Warnings about calibration evidence: few items (ECE's noise floor) and mixed confidence methods. */
export function calibrationNotes(ladder: ItemLadder, models: ModelSummary[]): string[] {
  const notes: string[] = [];
  const items = ladder.itemIds.length;
  if (items < FEW_ITEMS && models.some((model) => model.calibration?.ece)) {
    notes.push(`Only ${items} items per model: even a perfectly calibrated model shows an ECE of about ${eceNoiseFloor(items).toFixed(3)} at this size (the noise floor), so ECE differences below that mean little.`);
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
