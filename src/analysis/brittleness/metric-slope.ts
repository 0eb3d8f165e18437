import { percentileInterval } from '../items/paired-bootstrap.js';
import { standardDeviation } from '../items/paired-slope.js';
import { widerSlopeInterval } from '../items/wider-slope-interval.js';
import type { IntervalEstimate, SlopeEstimate } from '../task-analysis.js';
import type { BrittlenessDraws } from './brittleness-bootstrap.js';

/** Model j's metric `m` with the percentile interval of its resamples. */
export function modelInterval(boot: BrittlenessDraws, j: number, m: number, level = 0.95): IntervalEstimate | null {
  const size = boot.names.length;
  const k = boot.x.length;
  const estimate = boot.point[j * size + m]!;
  if (!Number.isFinite(estimate)) return null;
  const interval = percentileInterval(boot.draws, boot.resamples, k * size, j * size + m, level);
  return { estimate, low: interval?.low ?? null, high: interval?.high ?? null };
}

/**
 * The per-decade OLS slope of metric `m` over the models where it exists, with the wider of the
 * paired bootstrap's percentile interval and the residual one (t, df = k − 2), as DESIGN.md section 3 has it.
 */
export function metricSlope(boot: BrittlenessDraws, m: number, level = 0.95): SlopeEstimate | null {
  const size = boot.names.length;
  const k = boot.x.length;
  const used = Array.from({ length: k }, (_, j) => j).filter((j) => Number.isFinite(boot.point[j * size + m]!));
  if (used.length < 2) return null;
  const meanX = used.reduce((sum, j) => sum + boot.x[j]!, 0) / used.length;
  const sxx = used.reduce((sum, j) => sum + (boot.x[j]! - meanX) ** 2, 0);
  if (!(sxx > 0)) return null;
  const slopeOf = (values: Float64Array, offset: number): number => used.reduce((sum, j) => sum + ((boot.x[j]! - meanX) / sxx) * values[offset + j * size + m]!, 0);
  const estimate = slopeOf(boot.point, 0);
  const slopes = new Float64Array(boot.resamples);
  for (let b = 0; b < boot.resamples; b++) slopes[b] = slopeOf(boot.draws, b * k * size);
  const percentiles = percentileInterval(slopes, boot.resamples, 1, 0, level);
  const bootstrap = percentiles ? { ...percentiles, se: standardDeviation(slopes, boot.resamples, 1, 0) } : null;
  return widerSlopeInterval(estimate, bootstrap, used.map((j) => boot.x[j]!), used.map((j) => boot.point[j * size + m]!), level);
}
