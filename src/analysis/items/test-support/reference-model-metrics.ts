// The item metrics as computed before the sorted-position rewrite (kept as the exact reference the
// rewrite is tested against: every metric must agree to the last bit).
import { addResidualMass, GRID_POINTS, smoothEce, smoothEceFromMass, type KernelBand } from '../smooth-ece.js';
import { METRIC, METRIC_COUNT } from '../metric-slots.js';
import { EQUAL_MASS_BINS, EQUAL_WIDTH_BINS } from '../prepare-model.js';

/** One model's items prepared once for every resample: orders, bins and the smooth-ECE kernel. */
export interface ReferenceModel {
  correct: Uint8Array;
  confidence: Float64Array | null;
  loss: Float64Array | null;
  /** Item indices by confidence ascending (stable). */
  ascending: Int32Array;
  /** Item indices by confidence descending (stable). */
  descending: Int32Array;
  /** 1 at positions of `ascending` where a block of tied confidences ends. */
  blockEnd: Uint8Array;
  /** 1 at positions of `descending` where a block of tied confidences ends. */
  descendingBlockEnd: Uint8Array;
  /** Equal-width bin per item. */
  widthBin: Uint8Array;
  /** Smooth ECE kernel at σ* of the full sample (used unchanged for resamples). */
  band: KernelBand | null;
  sigma: number | null;
}

/** Scratch buffers reused across resamples (no allocation per resample). */
export interface ReferenceScratch {
  mass: Float64Array;
  widthCount: Float64Array;
  widthConfidence: Float64Array;
  widthCorrect: Float64Array;
  binTotals: Float64Array;
  /** Per equal-mass bin: confidence sum, correct sum, size. */
  massConfidence: Float64Array;
  massCorrect: Float64Array;
  massSize: Float64Array;
}

export function referenceScratch(_itemCount?: number): ReferenceScratch {
  return {
    mass: new Float64Array(GRID_POINTS),
    widthCount: new Float64Array(EQUAL_WIDTH_BINS),
    widthConfidence: new Float64Array(EQUAL_WIDTH_BINS),
    widthCorrect: new Float64Array(EQUAL_WIDTH_BINS),
    binTotals: new Float64Array(3),
    massConfidence: new Float64Array(EQUAL_MASS_BINS),
    massCorrect: new Float64Array(EQUAL_MASS_BINS),
    massSize: new Float64Array(EQUAL_MASS_BINS),
  };
}

function stableOrder(values: Float64Array, descending: boolean): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  const sign = descending ? -1 : 1;
  return order.sort((a, b) => sign * (values[a]! - values[b]!) || a - b);
}

/** Prepares a model; `sigma` fixes the smooth-ECE bandwidth (else it is solved on all items). */
export function referencePrepareModel(correct: Uint8Array, confidence: Float64Array | null, loss: Float64Array | null): ReferenceModel {
  const count = correct.length;
  if (!confidence) {
    const empty = new Int32Array(0);
    return { correct, confidence, loss, ascending: empty, descending: empty, blockEnd: new Uint8Array(0), descendingBlockEnd: new Uint8Array(0), widthBin: new Uint8Array(0), band: null, sigma: null };
  }
  const ascending = stableOrder(confidence, false);
  const descending = stableOrder(confidence, true);
  const blockEnd = new Uint8Array(count);
  for (let p = 0; p < count; p++) {
    blockEnd[p] = p === count - 1 || confidence[ascending[p]!] !== confidence[ascending[p + 1]!] ? 1 : 0;
  }
  const descendingBlockEnd = new Uint8Array(count);
  for (let p = 0; p < count; p++) {
    descendingBlockEnd[p] = p === count - 1 || confidence[descending[p]!] !== confidence[descending[p + 1]!] ? 1 : 0;
  }
  const widthBin = new Uint8Array(count);
  for (let i = 0; i < count; i++) widthBin[i] = Math.min(EQUAL_WIDTH_BINS - 1, Math.floor(confidence[i]! * EQUAL_WIDTH_BINS));
  const mass = new Float64Array(GRID_POINTS);
  for (let i = 0; i < count; i++) addResidualMass(mass, confidence[i]!, correct[i]! - confidence[i]!);
  const smooth = count > 0 ? smoothEce(mass, count) : null;
  return { correct, confidence, loss, ascending, descending, blockEnd, descendingBlockEnd, widthBin, band: smooth?.band ?? null, sigma: smooth?.sigma ?? null };
}

/**
 * Every metric of one model on one resample, given how often each item was drawn (`counts`,
 * summing to n), written into `out` at `offset` (NaN where a metric cannot be computed).
 */
export function referenceModelMetrics(model: ReferenceModel, counts: Int32Array, scratch: ReferenceScratch, out: Float64Array, offset: number): void {
  const { correct, confidence, loss } = model;
  const count = correct.length;
  let hits = 0;
  let lossSum = 0;
  for (let i = 0; i < count; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    hits += c * correct[i]!;
    if (loss) lossSum += c * loss[i]!;
  }
  const accuracy = hits / count;
  out[offset + METRIC.accuracy] = accuracy;
  out[offset + METRIC.loss] = loss ? lossSum / count : Number.NaN;
  out[offset + METRIC.nll] = loss ? lossSum / count : Number.NaN;
  if (!confidence) {
    for (let slot: number = METRIC.confidence; slot < METRIC_COUNT; slot++) {
      if (slot !== METRIC.loss && slot !== METRIC.nll) out[offset + slot] = Number.NaN;
    }
    return;
  }
  ascendingPass(model, counts, scratch, out, offset, accuracy);
  descendingPass(model, counts, scratch, out, offset);
}

/** Adds one equal-mass bin to [ECE, reliability, resolution] (a plain function: no closure per resample). */
function addBin(totals: Float64Array, confidenceSum: number, correctSum: number, size: number, count: number, accuracy: number): void {
  if (size === 0) return;
  const gapInBin = (confidenceSum - correctSum) / size;
  const meanCorrect = correctSum / size;
  const weight = size / count;
  totals[0]! += weight * Math.abs(gapInBin);
  totals[1]! += weight * gapInBin * gapInBin;
  totals[2]! += weight * (meanCorrect - accuracy) * (meanCorrect - accuracy);
}

/**
 * The equal-mass bin of a position in the sorted (resampled) sequence, split like
 * numpy.array_split: the first n mod 10 bins hold one item more.
 */
function equalMassBin(position: number, count: number): number {
  const base = Math.floor(count / EQUAL_MASS_BINS);
  const larger = count % EQUAL_MASS_BINS;
  const big = larger * (base + 1);
  return position < big ? Math.floor(position / (base + 1)) : larger + Math.floor((position - big) / base);
}

/**
 * Ascending pass: confidence, Brier, equal-width and equal-mass ECE, the Murphy terms, smooth-ECE
 * mass and AUROC. Tied confidences (including the copies of a resampled item) are one block: a
 * block goes whole into the equal-mass bin where it starts, as HELM's bins do (midpoint edges, tied
 * values kept below an edge that falls among them), so no figure depends on the order of rows.
 */
function ascendingPass(model: ReferenceModel, counts: Int32Array, scratch: ReferenceScratch, out: Float64Array, offset: number, accuracy: number): void {
  const { correct, ascending, blockEnd, widthBin, band } = model;
  const confidence = model.confidence!;
  const count = correct.length;
  const { mass, widthCount, widthConfidence, widthCorrect, massConfidence, massCorrect, massSize } = scratch;
  mass.fill(0);
  widthCount.fill(0);
  widthConfidence.fill(0);
  widthCorrect.fill(0);
  massConfidence.fill(0);
  massCorrect.fill(0);
  massSize.fill(0);
  const totals = scratch.binTotals;
  totals.fill(0);
  let confidenceSum = 0;
  let brierSum = 0;
  let blockPositive = 0;
  let blockNegative = 0;
  let negativeBelow = 0;
  let mannWhitney = 0;
  let position = 0;
  let bin = -1;
  for (let p = 0; p < count; p++) {
    const item = ascending[p]!;
    const c = counts[item]!;
    if (bin < 0) bin = equalMassBin(position, count);
    if (c > 0) {
      const f = confidence[item]!;
      const y = correct[item]!;
      confidenceSum += c * f;
      brierSum += c * (f - y) * (f - y);
      const w = widthBin[item]!;
      widthCount[w]! += c;
      widthConfidence[w]! += c * f;
      widthCorrect[w]! += c * y;
      massConfidence[bin]! += c * f;
      massCorrect[bin]! += c * y;
      massSize[bin]! += c;
      position += c;
      if (band) addResidualMass(mass, f, c * (y - f));
      if (y === 1) blockPositive += c;
      else blockNegative += c;
    }
    if (blockEnd[p] === 1) {
      mannWhitney += blockPositive * (negativeBelow + 0.5 * blockNegative);
      negativeBelow += blockNegative;
      blockPositive = 0;
      blockNegative = 0;
      bin = -1;
    }
  }
  for (let b = 0; b < EQUAL_MASS_BINS; b++) addBin(totals, massConfidence[b]!, massCorrect[b]!, massSize[b]!, count, accuracy);
  const ece = totals[0]!;
  const reliability = totals[1]!;
  const resolution = totals[2]!;
  let eceWidth = 0;
  for (let w = 0; w < EQUAL_WIDTH_BINS; w++) {
    if (widthCount[w]! > 0) eceWidth += Math.abs(widthConfidence[w]! - widthCorrect[w]!) / count;
  }
  const positives = accuracy * count;
  const negatives = count - positives;
  out[offset + METRIC.confidence] = confidenceSum / count;
  out[offset + METRIC.gap] = confidenceSum / count - accuracy;
  out[offset + METRIC.ece] = ece;
  out[offset + METRIC.eceEqualWidth] = eceWidth;
  out[offset + METRIC.smoothEce] = band ? smoothEceFromMass(mass, band, count) : Number.NaN;
  out[offset + METRIC.brier] = brierSum / count;
  out[offset + METRIC.brierReliability] = reliability;
  out[offset + METRIC.brierResolution] = resolution;
  out[offset + METRIC.brierUncertainty] = accuracy * (1 - accuracy);
  out[offset + METRIC.auroc] = positives > 0 && negatives > 0 ? mannWhitney / (positives * negatives) : Number.NaN;
}

/**
 * Descending pass: AURC and selective accuracy. A confidence threshold keeps every item at or above
 * it, so tied confidences are one cut: each position's risk is the risk at the end of its tie block,
 * and the 50% / 80% cuts take the whole block they fall in (coverage may exceed the nominal one).
 */
function descendingPass(model: ReferenceModel, counts: Int32Array, _scratch: ReferenceScratch, out: Float64Array, offset: number): void {
  const { correct, descending, descendingBlockEnd } = model;
  const count = correct.length;
  const cut50 = Math.ceil(0.5 * count - 1e-9);
  const cut80 = Math.ceil(0.8 * count - 1e-9);
  let position = 0;
  let errors = 0;
  let blockCount = 0;
  let riskSum = 0;
  let selective50 = Number.NaN;
  let selective80 = Number.NaN;
  for (let p = 0; p < count; p++) {
    const item = descending[p]!;
    const c = counts[item]!;
    if (c > 0) {
      position += c;
      errors += c * (1 - correct[item]!);
      blockCount += c;
    }
    if (descendingBlockEnd[p] === 1 && blockCount > 0) {
      const risk = errors / position;
      riskSum += blockCount * risk;
      if (Number.isNaN(selective50) && position >= cut50) selective50 = 1 - risk;
      if (Number.isNaN(selective80) && position >= cut80) selective80 = 1 - risk;
      blockCount = 0;
    }
  }
  out[offset + METRIC.aurc] = riskSum / count;
  out[offset + METRIC.selectiveAccuracy50] = cut50 > 0 ? selective50 : Number.NaN;
  out[offset + METRIC.selectiveAccuracy80] = cut80 > 0 ? selective80 : Number.NaN;
}
