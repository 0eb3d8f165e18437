import { calibrationPass, createPassScratch, type PassScratch } from './calibration-pass.js';
import { METRIC, METRIC_COUNT } from './metric-slots.js';
import type { PreparedModel } from './prepare-model.js';
import { GRID_POINTS, smoothEceFromMass } from './smooth-ece.js';
import { smoothEceResamples } from './kernel-factors.js';

export { METRIC, METRIC_COUNT, type MetricName } from './metric-slots.js';
export { EQUAL_MASS_BINS, EQUAL_WIDTH_BINS, prepareModel, type PreparedModel } from './prepare-model.js';

/** Resamples whose metrics `batchMetrics` computes together. */
export const BATCH = 8;

/** Scratch buffers reused across resamples (no allocation per resample). */
export interface MetricScratch {
  pass: PassScratch;
  /** Smooth-ECE residual mass of each resample of a batch, GRID_POINTS apart. */
  mass: Float64Array;
  smooth: Float64Array;
}

export function createScratch(itemCount: number): MetricScratch {
  return { pass: createPassScratch(itemCount), mass: new Float64Array(BATCH * GRID_POINTS), smooth: new Float64Array(BATCH) };
}

/** Accuracy, loss and NLL (item order; a zero count is skipped where a loss is not finite). */
function accuracyAndLoss(model: PreparedModel, counts: Int32Array, countsOffset: number, out: Float64Array, offset: number): void {
  const { correct, loss } = model;
  const count = correct.length;
  let hits = 0;
  let lossSum = 0;
  for (let i = 0; i < count; i++) {
    const c = counts[countsOffset + i]!;
    if (c === 0) continue;
    hits += c * correct[i]!;
    if (loss) lossSum += c * loss[i]!;
  }
  writeAccuracyAndLoss(out, offset, hits / count, loss ? lossSum / count : Number.NaN);
}

function writeAccuracyAndLoss(out: Float64Array, offset: number, accuracy: number, loss: number): void {
  out[offset + METRIC.accuracy] = accuracy;
  out[offset + METRIC.loss] = loss;
  out[offset + METRIC.nll] = loss;
}

/** accuracyAndLoss of four resamples in one pass over the items (four independent sums, each in item order). */
function accuracyAndLossFour(model: PreparedModel, counts: Int32Array, from: number, n: number, out: Float64Array, offset: number, stride: number): void {
  const { correct } = model;
  const loss = model.loss;
  const mean = (sum: number): number => (loss ? sum / n : Number.NaN);
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0;
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  for (let i = 0; i < n; i++) {
    const y = correct[i]!;
    const l = loss ? loss[i]! : 0;
    const c0 = counts[from + i]!;
    const c1 = counts[from + n + i]!;
    const c2 = counts[from + 2 * n + i]!;
    const c3 = counts[from + 3 * n + i]!;
    h0 += c0 * y; h1 += c1 * y; h2 += c2 * y; h3 += c3 * y;
    l0 += c0 * l; l1 += c1 * l; l2 += c2 * l; l3 += c3 * l;
  }
  writeAccuracyAndLoss(out, offset, h0 / n, mean(l0));
  writeAccuracyAndLoss(out, offset + stride, h1 / n, mean(l1));
  writeAccuracyAndLoss(out, offset + 2 * stride, h2 / n, mean(l2));
  writeAccuracyAndLoss(out, offset + 3 * stride, h3 / n, mean(l3));
}

function noConfidence(out: Float64Array, offset: number): void {
  for (let slot: number = METRIC.confidence; slot < METRIC_COUNT; slot++) {
    if (slot !== METRIC.loss && slot !== METRIC.nll) out[offset + slot] = Number.NaN;
  }
}

/**
 * Every metric of one model on one resample, given how often each item was drawn (`counts`,
 * summing to n), written into `out` at `offset` (NaN where a metric cannot be computed).
 */
export function modelMetrics(model: PreparedModel, counts: Int32Array, scratch: MetricScratch, out: Float64Array, offset: number): void {
  accuracyAndLoss(model, counts, 0, out, offset);
  if (!model.sorted) return noConfidence(out, offset);
  calibrationPass(model, counts, 0, scratch.pass, scratch.mass, 0, out, offset);
  out[offset + METRIC.smoothEce] = model.band ? smoothEceFromMass(scratch.mass, model.band, model.correct.length) : Number.NaN;
}

/**
 * modelMetrics of one model on `batch` (≤ BATCH) resamples at once: resample r's counts at r × n,
 * its metrics at offset + r × stride. The same numbers as one call per resample, to the last bit,
 * except smooth ECE where the kernel has low-rank factors (then to about 1e-13; see kernel-factors.ts).
 */
export function batchMetrics(model: PreparedModel, counts: Int32Array, batch: number, scratch: MetricScratch, out: Float64Array, offset: number, stride: number): void {
  const n = model.correct.length;
  let r = 0;
  if (model.lossFinite) for (; r + 4 <= batch; r += 4) accuracyAndLossFour(model, counts, r * n, n, out, offset + r * stride, stride);
  for (; r < batch; r++) accuracyAndLoss(model, counts, r * n, out, offset + r * stride);
  if (!model.sorted) {
    for (let r = 0; r < batch; r++) noConfidence(out, offset + r * stride);
    return;
  }
  for (let r = 0; r < batch; r++) calibrationPass(model, counts, r * n, scratch.pass, scratch.mass, r * GRID_POINTS, out, offset + r * stride);
  if (!model.band) {
    for (let r = 0; r < batch; r++) out[offset + r * stride + METRIC.smoothEce] = Number.NaN;
    return;
  }
  smoothEceResamples(scratch.mass, batch, model.band, model.factors, n, scratch.smooth);
  for (let r = 0; r < batch; r++) out[offset + r * stride + METRIC.smoothEce] = scratch.smooth[r]!;
}
