import type { SlopeEstimate } from '../task-analysis.js';
import { METRIC_COUNT } from './model-metrics.js';
import { percentileInterval, type PairedBootstrap } from './paired-bootstrap.js';
import { widerSlopeInterval } from './wider-slope-interval.js';

/** Sample standard deviation of the non-NaN entries of a strided series. */
export function standardDeviation(values: Float64Array, count: number, stride: number, offset: number): number {
  let sum = 0;
  let used = 0;
  for (let b = 0; b < count; b++) {
    const value = values[b * stride + offset]!;
    if (!Number.isNaN(value)) { sum += value; used++; }
  }
  const mean = sum / used;
  let squares = 0;
  for (let b = 0; b < count; b++) {
    const value = values[b * stride + offset]!;
    if (!Number.isNaN(value)) squares += (value - mean) ** 2;
  }
  return used > 1 ? Math.sqrt(squares / (used - 1)) : Number.NaN;
}

/**
 * Slope `s` (SLOPE_METRICS order, metric slot `slot`) of a paired bootstrap at a two-sided level:
 * the percentile interval of the resampled slopes and the residual-based one (t, df = k − 2);
 * the wider of the two is the interval the verdict uses (DESIGN.md section 3). Both are reported.
 */
export function pairedSlope(boot: PairedBootstrap, s: number, slot: number, level = 0.95): SlopeEstimate | null {
  const estimate = boot.pointSlopes[s]!;
  if (!Number.isFinite(estimate)) return null;
  const percentiles = percentileInterval(boot.slopeDraws, boot.resamples, 4, s, level);
  const bootstrap = percentiles ? { ...percentiles, se: standardDeviation(boot.slopeDraws, boot.resamples, 4, s) } : null;
  const x: number[] = [];
  const y: number[] = [];
  for (let j = 0; j < boot.modelCount; j++) {
    const value = boot.point[j * METRIC_COUNT + slot]!;
    if (Number.isFinite(value)) { x.push(boot.x[j]!); y.push(value); }
  }
  return widerSlopeInterval(estimate, bootstrap, x, y, level);
}
