import { GRID_POINTS } from './smooth-ece.js';
import { EQUAL_MASS_BINS, EVENT, type PreparedModel } from './prepare-model.js';
import { METRIC } from './metric-slots.js';

/** Scratch buffers reused across resamples (no allocation per resample). */
export interface PassScratch {
  /** Per equal-mass bin: confidence sum, correct sum, size. */
  massConfidence: Float64Array;
  massCorrect: Float64Array;
  massSize: Float64Array;
  /** First position of each equal-mass bin (numpy.array_split of the n positions). */
  binStart: Float64Array;
  binItems: number;
  /** Per tie block: items drawn and errors among them. */
  blockTotal: Float64Array;
  blockErrors: Float64Array;
}

export function createPassScratch(itemCount: number): PassScratch {
  return {
    massConfidence: new Float64Array(EQUAL_MASS_BINS),
    massCorrect: new Float64Array(EQUAL_MASS_BINS),
    massSize: new Float64Array(EQUAL_MASS_BINS),
    binStart: new Float64Array(EQUAL_MASS_BINS),
    binItems: -1,
    blockTotal: new Float64Array(itemCount),
    blockErrors: new Float64Array(itemCount),
  };
}

/** Bin starts like numpy.array_split: the first n mod 10 bins hold one item more. */
function setBins(scratch: PassScratch, count: number): void {
  if (scratch.binItems === count) return;
  const base = Math.floor(count / EQUAL_MASS_BINS);
  const larger = count % EQUAL_MASS_BINS;
  for (let b = 0; b < EQUAL_MASS_BINS; b++) scratch.binStart[b] = b < larger ? b * (base + 1) : larger * (base + 1) + (b - larger) * base;
  scratch.binItems = count;
}

/** Adds one equal-mass bin to [ECE, reliability, resolution]. */
function addBin(totals: Float64Array, confidenceSum: number, correctSum: number, size: number, count: number, accuracy: number): void {
  if (size === 0) return;
  const gapInBin = (confidenceSum - correctSum) / size;
  const meanCorrect = correctSum / size;
  const weight = size / count;
  totals[0]! += weight * Math.abs(gapInBin);
  totals[1]! += weight * gapInBin * gapInBin;
  totals[2]! += weight * (meanCorrect - accuracy) * (meanCorrect - accuracy);
}

const totals = new Float64Array(3);

/**
 * Every confidence-based metric of one model on one resample in one pass over its sorted positions
 * (item i drawn counts[countsOffset + i] times, counts summing to n); the smooth-ECE residual mass
 * goes to mass[massOffset ..] and smooth ECE itself is left to the caller. Tied confidences
 * (including the copies of a resampled item) are one block: a block goes whole into the equal-mass
 * bin where it starts, as HELM's bins do, so no figure depends on the order of rows. A confidence
 * threshold keeps whole blocks too (AURC, selective accuracy: the 50% / 80% cuts take the whole
 * block they fall in). Sums run in the order of the positions, so a zero count adds exact zeros.
 */
export function calibrationPass(
  model: PreparedModel, counts: Int32Array, countsOffset: number, scratch: PassScratch,
  mass: Float64Array, massOffset: number, out: Float64Array, offset: number,
): void {
  const sorted = model.sorted!;
  const { item, confidence, correct, diff, residual, gridLeft, leftWeight, rightWeight, events } = sorted;
  const count = item.length;
  setBins(scratch, count);
  if (scratch.blockTotal.length < sorted.blocks) {
    scratch.blockTotal = new Float64Array(count);
    scratch.blockErrors = new Float64Array(count);
  }
  const { massConfidence, massCorrect, massSize, binStart, blockTotal, blockErrors } = scratch;
  massConfidence.fill(0);
  massCorrect.fill(0);
  massSize.fill(0);
  mass.fill(0, massOffset, massOffset + GRID_POINTS);
  let confidenceSum = 0;
  let brierSum = 0;
  let widthConfidence = 0;
  let widthCorrect = 0;
  let widthCount = 0;
  let eceWidth = 0;
  let binConfidence = 0;
  let binCorrect = 0;
  let binSize = 0;
  let bin = 0;
  let gridLeftMass = 0;
  let gridRightMass = 0;
  let blockPositive = 0;
  let blockCount = 0;
  let negativeBelow = 0;
  let mannWhitney = 0;
  let hits = 0;
  let position = 0;
  let block = 0;
  for (let p = 0; p < count; p++) {
    const c = counts[countsOffset + item[p]!]!;
    const cf = c * confidence[p]!;
    const cy = c * correct[p]!;
    const d = diff[p]!;
    confidenceSum += cf;
    brierSum += c * d * d;
    widthConfidence += cf;
    widthCorrect += cy;
    widthCount += c;
    binConfidence += cf;
    binCorrect += cy;
    binSize += c;
    position += c;
    const r = c * residual[p]!;
    gridLeftMass += leftWeight[p]! * r;
    gridRightMass += rightWeight[p]! * r;
    blockPositive += cy;
    blockCount += c;
    const event = events[p]!;
    if (event === 0) continue;
    if ((event & EVENT.gridEnd) !== 0) {
      const left = massOffset + gridLeft[p]!;
      mass[left] = gridLeftMass;
      if ((event & EVENT.gridAdjacent) !== 0) gridLeftMass = gridRightMass;
      else { mass[left + 1] = gridRightMass; gridLeftMass = 0; }
      gridRightMass = 0;
    }
    if ((event & EVENT.widthEnd) !== 0) {
      if (widthCount > 0) eceWidth += Math.abs(widthConfidence - widthCorrect) / count;
      widthConfidence = 0;
      widthCorrect = 0;
      widthCount = 0;
    }
    if ((event & EVENT.blockEnd) !== 0) {
      const blockNegative = blockCount - blockPositive;
      mannWhitney += blockPositive * (negativeBelow + 0.5 * blockNegative);
      negativeBelow += blockNegative;
      hits += blockPositive;
      blockTotal[block] = blockCount;
      blockErrors[block] = blockNegative;
      block++;
      blockPositive = 0;
      blockCount = 0;
      let next = bin;
      while (next + 1 < EQUAL_MASS_BINS && position >= binStart[next + 1]!) next++;
      if (next !== bin) {
        massConfidence[bin] = binConfidence;
        massCorrect[bin] = binCorrect;
        massSize[bin] = binSize;
        binConfidence = 0;
        binCorrect = 0;
        binSize = 0;
        bin = next;
      }
    }
  }
  massConfidence[bin] = binConfidence;
  massCorrect[bin] = binCorrect;
  massSize[bin] = binSize;
  const accuracy = hits / count;
  totals.fill(0);
  for (let b = 0; b < EQUAL_MASS_BINS; b++) addBin(totals, massConfidence[b]!, massCorrect[b]!, massSize[b]!, count, accuracy);
  const positives = accuracy * count;
  const negatives = count - positives;
  out[offset + METRIC.confidence] = confidenceSum / count;
  out[offset + METRIC.gap] = confidenceSum / count - accuracy;
  out[offset + METRIC.ece] = totals[0]!;
  out[offset + METRIC.eceEqualWidth] = eceWidth;
  out[offset + METRIC.brier] = brierSum / count;
  out[offset + METRIC.brierReliability] = totals[1]!;
  out[offset + METRIC.brierResolution] = totals[2]!;
  out[offset + METRIC.brierUncertainty] = accuracy * (1 - accuracy);
  out[offset + METRIC.auroc] = positives > 0 && negatives > 0 ? mannWhitney / (positives * negatives) : Number.NaN;
  descendingBlocks(blockTotal, blockErrors, block, count, out, offset);
}

/**
 * AURC and selective accuracy from the tie blocks, highest confidence first: each block's risk is
 * the error rate of everything at or above its confidence.
 */
function descendingBlocks(blockTotal: Float64Array, blockErrors: Float64Array, blocks: number, count: number, out: Float64Array, offset: number): void {
  const cut50 = Math.ceil(0.5 * count - 1e-9);
  const cut80 = Math.ceil(0.8 * count - 1e-9);
  let position = 0;
  let errors = 0;
  let riskSum = 0;
  let selective50 = Number.NaN;
  let selective80 = Number.NaN;
  for (let block = blocks - 1; block >= 0; block--) {
    const total = blockTotal[block]!;
    if (total === 0) continue;
    position += total;
    errors += blockErrors[block]!;
    const risk = errors / position;
    riskSum += total * risk;
    if (Number.isNaN(selective50) && position >= cut50) selective50 = 1 - risk;
    if (Number.isNaN(selective80) && position >= cut80) selective80 = 1 - risk;
  }
  out[offset + METRIC.aurc] = riskSum / count;
  out[offset + METRIC.selectiveAccuracy50] = cut50 > 0 ? selective50 : Number.NaN;
  out[offset + METRIC.selectiveAccuracy80] = cut80 > 0 ? selective80 : Number.NaN;
}
