import { GRID_POINTS } from './smooth-ece.js';
import { EQUAL_MASS_BINS, EVENT, type PreparedModel } from './prepare-model.js';
import { METRIC } from './metric-slots.js';

// Module-level copies of imported constants: a hot loop reads these as constants, where an imported
// binding can cost a getter call per use (as modules compiled to CommonJS by tsx do).
const { widthEnd: WIDTH_END, gridEnd: GRID_END, gridAdjacent: GRID_ADJACENT } = EVENT;
const BINS = EQUAL_MASS_BINS;
const GRID = GRID_POINTS;
const SLOT = { ...METRIC };

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
    massConfidence: new Float64Array(BINS),
    massCorrect: new Float64Array(BINS),
    massSize: new Float64Array(BINS),
    binStart: new Float64Array(BINS),
    binItems: -1,
    blockTotal: new Float64Array(itemCount),
    blockErrors: new Float64Array(itemCount),
  };
}

/** Bin starts like numpy.array_split: the first n mod 10 bins hold one item more. */
function setBins(scratch: PassScratch, count: number): void {
  if (scratch.binItems === count) return;
  const base = Math.floor(count / BINS);
  const larger = count % BINS;
  for (let b = 0; b < BINS; b++) scratch.binStart[b] = b < larger ? b * (base + 1) : larger * (base + 1) + (b - larger) * base;
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
 * block they fall in).
 */
export function calibrationPass(
  model: PreparedModel, counts: Int32Array, countsOffset: number, scratch: PassScratch,
  mass: Float64Array, massOffset: number, out: Float64Array, offset: number,
): void {
  const sorted = model.sorted!;
  const { item, correct } = sorted;
  const { end: blockEnds, confidence, gridLeft, leftWeight, rightWeight, events } = sorted.block;
  const count = item.length;
  setBins(scratch, count);
  if (scratch.blockTotal.length < sorted.blocks) {
    scratch.blockTotal = new Float64Array(count);
    scratch.blockErrors = new Float64Array(count);
  }
  const { massConfidence, massCorrect, massSize, binStart, blockTotal, blockErrors } = scratch;
  for (let b = 0; b < BINS; b++) { massConfidence[b] = 0; massCorrect[b] = 0; massSize[b] = 0; }
  for (let g = massOffset; g < massOffset + GRID; g++) mass[g] = 0;
  // Within a tie block only the counts and correctness differ: the block's drawn items and
  // correct ones (integers) are summed over its positions, every float term once per block.
  let confidenceSum = 0;
  let brierSum = 0;
  let widthConfidence = 0;
  let binConfidence = 0;
  let gridLeftMass = 0;
  let gridRightMass = 0;
  let position = 0;
  let positives = 0;
  let widthFrom = 0;
  let widthPositivesFrom = 0;
  let binFrom = 0;
  let binPositivesFrom = 0;
  let eceWidth = 0;
  let bin = 0;
  let negativeBelow = 0;
  let mannWhitney = 0;
  let p = 0;
  for (let block = 0; block < sorted.blocks; block++) {
    let drawn = 0;
    let right = 0;
    for (const end = blockEnds[block]!; p < end; p++) {
      const c = counts[countsOffset + item[p]!]!;
      drawn += c;
      right += c * correct[p]!;
    }
    const f = confidence[block]!;
    const cf = drawn * f;
    confidenceSum += cf;
    brierSum += right * (1 - f) * (1 - f) + (drawn - right) * f * f;
    widthConfidence += cf;
    binConfidence += cf;
    position += drawn;
    positives += right;
    const r = right - cf;
    gridLeftMass += leftWeight[block]! * r;
    gridRightMass += rightWeight[block]! * r;
    const event = events[block]!;
    if ((event & GRID_END) !== 0) {
      const left = massOffset + gridLeft[block]!;
      mass[left] = gridLeftMass;
      if ((event & GRID_ADJACENT) !== 0) gridLeftMass = gridRightMass;
      else { mass[left + 1] = gridRightMass; gridLeftMass = 0; }
      gridRightMass = 0;
    }
    if ((event & WIDTH_END) !== 0) {
      if (position > widthFrom) eceWidth += Math.abs(widthConfidence - (positives - widthPositivesFrom)) / count;
      widthConfidence = 0;
      widthFrom = position;
      widthPositivesFrom = positives;
    }
    const blockNegative = drawn - right;
    mannWhitney += right * (negativeBelow + 0.5 * blockNegative);
    negativeBelow += blockNegative;
    blockTotal[block] = drawn;
    blockErrors[block] = blockNegative;
    let next = bin;
    while (next + 1 < BINS && position >= binStart[next + 1]!) next++;
    if (next !== bin) {
      massConfidence[bin] = binConfidence;
      massCorrect[bin] = positives - binPositivesFrom;
      massSize[bin] = position - binFrom;
      binConfidence = 0;
      binFrom = position;
      binPositivesFrom = positives;
      bin = next;
    }
  }
  massConfidence[bin] = binConfidence;
  massCorrect[bin] = positives - binPositivesFrom;
  massSize[bin] = position - binFrom;
  const accuracy = positives / count;
  totals.fill(0);
  for (let b = 0; b < BINS; b++) addBin(totals, massConfidence[b]!, massCorrect[b]!, massSize[b]!, count, accuracy);
  const positiveMass = accuracy * count;
  const negativeMass = count - positiveMass;
  out[offset + SLOT.confidence] = confidenceSum / count;
  out[offset + SLOT.gap] = confidenceSum / count - accuracy;
  out[offset + SLOT.ece] = totals[0]!;
  out[offset + SLOT.eceEqualWidth] = eceWidth;
  out[offset + SLOT.brier] = brierSum / count;
  out[offset + SLOT.brierReliability] = totals[1]!;
  out[offset + SLOT.brierResolution] = totals[2]!;
  out[offset + SLOT.brierUncertainty] = accuracy * (1 - accuracy);
  out[offset + SLOT.auroc] = positiveMass > 0 && negativeMass > 0 ? mannWhitney / (positiveMass * negativeMass) : Number.NaN;
  descendingBlocks(blockTotal, blockErrors, sorted.blocks, count, out, offset);
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
  out[offset + SLOT.aurc] = riskSum / count;
  out[offset + SLOT.selectiveAccuracy50] = cut50 > 0 ? selective50 : Number.NaN;
  out[offset + SLOT.selectiveAccuracy80] = cut80 > 0 ? selective80 : Number.NaN;
}
