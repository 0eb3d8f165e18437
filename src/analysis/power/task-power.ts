import type { SlopeEstimate, TaskAnalysis } from '../task-analysis.js';
import { flatPower, minimumDetectableSlope, trendPower, type SlopeDesign } from './verdict-power.js';

/** Power and signal-to-noise of one task's accuracy trend (`tasks[].power` in the JSON). */
export interface TaskPower {
  /** Power the figures are stated at (0.8), with the verdict intervals' levels (95% trend, 90% flat). */
  power: number;
  /** Smallest accuracy slope per decade (fraction) detected with that power by the sizes and items measured. */
  minimumDetectableSlope: number | null;
  /** Mean items per model measured (null when unknown). */
  itemsPerModel: number | null;
  /** Inconclusive only: items per model that would settle it, assuming the true slope is the one estimated. */
  itemsNeeded: number | null;
  /** Inconclusive only: extra sizes (half at each end of the measured range) that would settle it with the items measured. */
  sizesNeeded: number | null;
  /** What the extra data (items, else sizes) would most likely show: a trend (interval excludes 0) or flatness (inside ±δ). */
  settles: 'trend' | 'flat' | null;
  /** Spread of accuracy between sizes (max − min) over the noise within a size (RMS sampling SE). */
  signalToNoise: number | null;
  note: string | null;
}

const TARGET_POWER = 0.8;

function standardErrors(slope: SlopeEstimate): { sampling: number | null; between: number | null } {
  const aggregate = slope as SlopeEstimate & { seSampling?: number | null; seBetween?: number | null };
  return { sampling: aggregate.seSampling ?? slope.bootstrap?.se ?? null, between: aggregate.seBetween ?? slope.residual?.se ?? null };
}

const sxxOf = (x: number[]): number => {
  const mean = x.reduce((sum, v) => sum + v, 0) / x.length;
  return x.reduce((sum, v) => sum + (v - mean) ** 2, 0);
};

/** Power to reach the cheaper conclusive verdict at the estimated slope, and which verdict it is. */
function settlePower(design: SlopeDesign, slope: number, delta: number): { power: number; settles: 'trend' | 'flat' } {
  const trend = trendPower(design, slope);
  const flat = flatPower(design, slope, delta);
  return trend >= flat ? { power: trend, settles: 'trend' } : { power: flat, settles: 'flat' };
}

function smallestCount(reaches: (count: number) => boolean, low: number, high: number): number | null {
  if (!reaches(high)) return null;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (reaches(mid)) high = mid; else low = mid;
  }
  return high;
}

function noiseWithinSize(task: TaskAnalysis): number | null {
  const variances = task.models.filter((m) => m.accuracy !== null).map((m) => {
    const items = m.items ?? m.n;
    return m.accuracySe !== null && m.accuracySe > 0 ? m.accuracySe ** 2 : items ? (m.accuracy! * (1 - m.accuracy!)) / items : null;
  });
  if (variances.length === 0 || variances.some((v) => v === null)) return null;
  return Math.sqrt(variances.reduce((sum: number, v) => sum + v!, 0) / variances.length);
}

function signalToNoise(task: TaskAnalysis): number | null {
  const bySize = new Map<number, number[]>();
  for (const m of task.models) if (m.accuracy !== null) bySize.set(m.params, [...(bySize.get(m.params) ?? []), m.accuracy]);
  const means = [...bySize.values()].map((values) => values.reduce((sum, v) => sum + v, 0) / values.length);
  const noise = noiseWithinSize(task);
  if (means.length < 2 || noise === null || !(noise > 0)) return null;
  return (Math.max(...means) - Math.min(...means)) / noise;
}

/**
 * Power figures of one analysed task (DESIGN.md section 3's verdict intervals): the minimum
 * detectable slope, and for an inconclusive verdict the items per model or the extra sizes that
 * would settle it with 80% power if the true slope were the estimate. Scatter of whole models
 * beyond item noise (from the residuals) is kept fixed: more items cannot shrink it, more sizes can.
 * Intervals are taken unadjusted for multiplicity.
 */
export function taskPower(task: TaskAnalysis, delta: number): TaskPower | null {
  const slope = task.slopes.accuracy;
  const x = task.models.filter((m) => m.accuracy !== null).map((m) => Math.log10(m.params));
  const k = x.length;
  if (!slope || k < 3 || new Set(x).size < 3) return null;
  const se = standardErrors(slope);
  const total = Math.max(se.between ?? 0, se.sampling ?? 0);
  if (!(total > 0)) return null;
  const counts = task.models.filter((m) => m.accuracy !== null).map((m) => m.items ?? m.n);
  const itemsPerModel = counts.every((c) => c !== null && c > 0) ? counts.reduce((sum: number, c) => sum + c!, 0) / k : null;
  const sampling = se.sampling ?? 0;
  const scatterVariance = Math.max(0, total ** 2 - sampling ** 2);
  const design = (samplingSd: number, sxxRatio: number, df: number): SlopeDesign => ({ sd: Math.sqrt(scatterVariance / sxxRatio + samplingSd ** 2), samplingSd, df });
  const base = design(sampling, 1, k - 2);
  const result: TaskPower = {
    power: TARGET_POWER,
    minimumDetectableSlope: minimumDetectableSlope(base, TARGET_POWER),
    itemsPerModel,
    itemsNeeded: null,
    sizesNeeded: null,
    settles: null,
    signalToNoise: signalToNoise(task),
    note: null,
  };
  if (task.verdict !== 'inconclusive') return result;
  const estimate = slope.estimate;
  const withItems = (n: number): SlopeDesign => design(sampling * Math.sqrt((itemsPerModel ?? 1) / n), 1, k - 2);
  if (itemsPerModel !== null && sampling > 0) {
    result.itemsNeeded = smallestCount((n) => settlePower(withItems(n), estimate, delta).power >= TARGET_POWER, 0, 10_000_000);
  }
  const sxx = sxxOf(x);
  const xMin = Math.min(...x);
  const xMax = Math.max(...x);
  const withSizes = (m: number): SlopeDesign => {
    const extended = [...x, ...Array.from({ length: m }, (_, i) => (i % 2 === 0 ? xMax : xMin))];
    const ratio = sxxOf(extended) / sxx;
    return design(sampling / Math.sqrt(ratio), ratio, k + m - 2);
  };
  result.sizesNeeded = smallestCount((m) => settlePower(withSizes(m), estimate, delta).power >= TARGET_POWER, 0, 40);
  const settling = result.itemsNeeded !== null ? withItems(result.itemsNeeded) : result.sizesNeeded !== null ? withSizes(result.sizesNeeded) : null;
  result.settles = settling ? settlePower(settling, estimate, delta).settles : null;
  if (result.itemsNeeded === null && result.sizesNeeded === null) result.note = 'neither more items nor up to 40 more sizes settle it with 80% power: the estimated slope sits at the edge of a verdict, or whole models scatter widely around the trend';
  else if (result.itemsNeeded === null) result.note = itemsPerModel === null ? 'item counts unknown: more sizes, not items, are computed' : 'the scatter of whole models around the trend dominates: more items per model cannot settle it, more sizes can';
  return result;
}
