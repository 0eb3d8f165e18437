import type { ItemLadder } from './item-ladder.js';
import { BATCH, batchMetrics, createScratch, METRIC, METRIC_COUNT, modelMetrics, prepareModel, type PreparedModel } from './model-metrics.js';
import { resampleSource } from './resample-matrix.js';
import { percentileOfSorted } from './percentile.js';

/** The four slopes the verdict uses, in the order of `slopeDraws`. */
export const SLOPE_METRICS = ['accuracy', 'loss', 'confidence', 'gap'] as const;
export type SlopeMetric = (typeof SLOPE_METRICS)[number];
const SLOPE_SLOTS = [METRIC.accuracy, METRIC.loss, METRIC.confidence, METRIC.gap];

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** A resample index matrix to use instead of drawing one (resamples × items, row-major). */
  indexMatrix?: Int32Array;
}

/** Point estimates and every resample of a paired item bootstrap of one ladder. */
export interface PairedBootstrap {
  resamples: number;
  modelCount: number;
  /** log10(params) per model. */
  x: Float64Array;
  prepared: PreparedModel[];
  /** Metrics on all items: model j's metric m at j × METRIC_COUNT + m. */
  point: Float64Array;
  /** Metrics per resample: at (b × modelCount + j) × METRIC_COUNT + m. */
  draws: Float64Array;
  /** Slopes on all items, in SLOPE_METRICS order (NaN when fewer than 2 models have the metric). */
  pointSlopes: Float64Array;
  /** Slopes per resample: at b × 4 + s. */
  slopeDraws: Float64Array;
}

/** OLS weights (x − x̄)/Sxx over the models whose point value is finite; zeros elsewhere. */
function slopeWeights(x: Float64Array, point: Float64Array, slot: number): Float64Array | null {
  const k = x.length;
  const weights = new Float64Array(k);
  let used = 0;
  let sum = 0;
  for (let j = 0; j < k; j++) if (Number.isFinite(point[j * METRIC_COUNT + slot]!)) { used++; sum += x[j]!; }
  if (used < 2) return null;
  const mean = sum / used;
  let sxx = 0;
  for (let j = 0; j < k; j++) if (Number.isFinite(point[j * METRIC_COUNT + slot]!)) sxx += (x[j]! - mean) ** 2;
  if (!(sxx > 0)) return null;
  for (let j = 0; j < k; j++) if (Number.isFinite(point[j * METRIC_COUNT + slot]!)) weights[j] = (x[j]! - mean) / sxx;
  return weights;
}

function slopesInto(values: Float64Array, valueOffset: number, weights: Array<Float64Array | null>, out: Float64Array, outOffset: number, k: number): void {
  for (let s = 0; s < SLOPE_SLOTS.length; s++) {
    const w = weights[s];
    if (!w) { out[outOffset + s] = Number.NaN; continue; }
    let slope = 0;
    for (let j = 0; j < k; j++) if (w[j] !== 0) slope += w[j]! * values[valueOffset + j * METRIC_COUNT + SLOPE_SLOTS[s]!]!;
    out[outOffset + s] = slope;
  }
}

/**
 * Paired item bootstrap: one sequence of resamples of item ids (shared by every model, so the
 * models stay paired), every metric of every model per resample, and the four slopes per resample.
 * Each resample is kept as counts (how often each item was drawn); BATCH resamples are computed
 * together. Buffers are allocated once per ladder; nothing is allocated per resample.
 */
export function pairedBootstrap(ladder: ItemLadder, options: BootstrapOptions): PairedBootstrap {
  const n = ladder.itemIds.length;
  const k = ladder.models.length;
  const resamples = options.resamples;
  const matrix = options.indexMatrix;
  if (matrix && matrix.length !== resamples * n) throw new RangeError(`index matrix has ${matrix.length} entries, expected ${resamples} × ${n}`);
  const next = matrix ? null : resampleSource(n, options.seed);
  const x = Float64Array.from(ladder.models, (model) => Math.log10(model.params));
  const prepared = ladder.models.map((model) => prepareModel(model.correct, model.confidence, model.loss));
  const scratch = createScratch(n);
  const counts = new Int32Array(BATCH * n).fill(1);
  const point = new Float64Array(k * METRIC_COUNT);
  for (let j = 0; j < k; j++) modelMetrics(prepared[j]!, counts, scratch, point, j * METRIC_COUNT);
  const weights = SLOPE_SLOTS.map((slot) => slopeWeights(x, point, slot));
  const pointSlopes = new Float64Array(SLOPE_SLOTS.length);
  slopesInto(point, 0, weights, pointSlopes, 0, k);
  const stride = k * METRIC_COUNT;
  const draws = new Float64Array(resamples * stride);
  const slopeDraws = new Float64Array(resamples * SLOPE_SLOTS.length);
  for (let first = 0; first < resamples; first += BATCH) {
    const batch = Math.min(BATCH, resamples - first);
    counts.fill(0);
    for (let r = 0; r < batch; r++) {
      const at = r * n;
      if (next) for (let i = 0; i < n; i++) counts[at + next()]!++;
      else for (let i = 0, row = (first + r) * n; i < n; i++) counts[at + matrix![row + i]!]!++;
    }
    for (let j = 0; j < k; j++) batchMetrics(prepared[j]!, counts, batch, scratch, draws, first * stride + j * METRIC_COUNT, stride);
    for (let b = first; b < first + batch; b++) slopesInto(draws, b * stride, weights, slopeDraws, b * SLOPE_SLOTS.length, k);
  }
  return { resamples, modelCount: k, x, prepared, point, draws, pointSlopes, slopeDraws };
}

/** Sorted finite values of a strided series (scratch reused by the caller when given). */
export function sortedSeries(values: Float64Array, count: number, stride: number, offset: number): Float64Array {
  const series = new Float64Array(count);
  let used = 0;
  for (let b = 0; b < count; b++) {
    const value = values[b * stride + offset]!;
    if (!Number.isNaN(value)) series[used++] = value;
  }
  return series.subarray(0, used).sort();
}

/** Percentile interval of a strided series at a two-sided level (null when no finite draws). */
export function percentileInterval(values: Float64Array, count: number, stride: number, offset: number, level: number): { low: number; high: number } | null {
  const sorted = sortedSeries(values, count, stride, offset);
  if (sorted.length === 0) return null;
  const tail = ((1 - level) / 2) * 100;
  return { low: percentileOfSorted(sorted, tail), high: percentileOfSorted(sorted, 100 - tail) };
}
