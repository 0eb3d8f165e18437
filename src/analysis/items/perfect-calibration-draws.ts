import { xorshift128plus } from 'pure-rand';
import { EQUAL_MASS_BINS, EVENT, type PreparedModel } from './prepare-model.js';
import { GRID_POINTS } from './smooth-ece.js';
import { smoothEceResamples } from './kernel-factors.js';

// Module-level copies of imported constants (see calibration-pass.ts).
const { blockEnd: BLOCK_END, widthEnd: WIDTH_END, gridEnd: GRID_END, gridAdjacent: GRID_ADJACENT } = EVENT;
const BINS = EQUAL_MASS_BINS;
const GRID = GRID_POINTS;
/** An equal-mass bin ends (a bit beside the EVENT bits). */
const BIN_END = 16;

/** ECE-type metrics: zero only for perfect calibration and biased upward, so tested against that null. */
export const NULL_TESTED = ['ece', 'eceEqualWidth', 'smoothEce', 'brierReliability'] as const;
const TESTED = NULL_TESTED.length;
const BATCH = 8;

/** The outcome-independent parts of a model's metrics on all its items (every count 1). */
interface NullLayout {
  /** Confidence sum and size of each non-empty equal-mass bin, in order. */
  binConfidence: number[];
  binSize: number[];
  /** Confidence sum of each equal-width bin, in order. */
  widthConfidence: number[];
  /** EVENT bits after each tie block, with BIN_END where a (non-empty) equal-mass bin ends there. */
  blockEvents: Uint8Array;
  /** Items × confidence of each tie block (its residual mass is hits − this). */
  blockConfidence: Float64Array;
}

/** The sums calibrationPass makes with every count 1, in the same order. */
function nullLayout(model: PreparedModel): NullLayout {
  const { confidence, events, block } = model.sorted!;
  const n = confidence.length;
  const base = Math.floor(n / BINS);
  const larger = n % BINS;
  const binStart = (b: number): number => (b < larger ? b * (base + 1) : larger * (base + 1) + (b - larger) * base);
  const layout: NullLayout = {
    binConfidence: [], binSize: [], widthConfidence: [],
    blockEvents: new Uint8Array(block.end.length), blockConfidence: new Float64Array(block.end.length),
  };
  let blockIndex = 0;
  let bin = 0;
  let binConfidence = 0;
  let binSize = 0;
  let widthConfidence = 0;
  for (let p = 0; p < n; p++) {
    const f = confidence[p]!;
    binConfidence += f;
    binSize += 1;
    widthConfidence += f;
    if ((events[p]! & WIDTH_END) !== 0) {
      layout.widthConfidence.push(widthConfidence);
      widthConfidence = 0;
    }
    if ((events[p]! & BLOCK_END) !== 0) {
      let event = events[p]!;
      let next = bin;
      while (next + 1 < BINS && p + 1 >= binStart(next + 1)) next++;
      if (next !== bin || p === n - 1) {
        event |= BIN_END;
        layout.binConfidence.push(binConfidence);
        layout.binSize.push(binSize);
        binConfidence = 0;
        binSize = 0;
      }
      bin = next;
      const from = blockIndex === 0 ? 0 : block.end[blockIndex - 1]!;
      layout.blockEvents[blockIndex] = event;
      layout.blockConfidence[blockIndex] = (block.end[blockIndex]! - from) * f;
      blockIndex++;
    }
  }
  return layout;
}

/**
 * The null-tested metrics (NULL_TESTED order, `draws` × 4) of a model whose outcomes are drawn from
 * its own confidences (y ~ Bernoulli(c)): what a perfectly calibrated model with exactly these
 * confidences would show. The same numbers as modelMetrics on the drawn outcomes (to rounding).
 */
export function perfectCalibrationDraws(model: PreparedModel, draws: number, seed: number): Float64Array {
  const { item, block } = model.sorted!;
  const { end: blockEnds, gridLeft, leftWeight, rightWeight } = block;
  const blocks = blockEnds.length;
  const n = item.length;
  const { blockEvents, blockConfidence, binConfidence, binSize, widthConfidence } = nullLayout(model);
  // u / 2^32 < c exactly when u < c · 2^32 (both sides scaled by a power of two)
  const threshold = Float64Array.from(model.confidence!, (c) => c * 4294967296);
  const outcomes = new Uint8Array(n);
  const binCorrect = new Float64Array(binSize.length);
  const mass = new Float64Array(BATCH * GRID);
  const smooth = new Float64Array(BATCH);
  const out = new Float64Array(draws * TESTED);
  // pure-rand's xorshift128plus(seed) stepped inline (its unsafeNext, with the state in locals)
  let [s01, s00, s11, s10] = xorshift128plus(seed).getState() as [number, number, number, number];
  for (let first = 0; first < draws; first += BATCH) {
    const batch = Math.min(BATCH, draws - first);
    mass.fill(0);
    for (let r = 0; r < batch; r++) {
      for (let i = 0; i < n; i++) {
        const a0 = s00 ^ (s00 << 23);
        const a1 = s01 ^ ((s01 << 23) | (s00 >>> 9));
        const b0 = a0 ^ s10 ^ ((a0 >>> 18) | (a1 << 14)) ^ ((s10 >>> 5) | (s11 << 27));
        const b1 = a1 ^ s11 ^ (a1 >>> 18) ^ (s11 >>> 5);
        const u = (s00 + s10) >>> 0;
        s01 = s11;
        s00 = s10;
        s11 = b1;
        s10 = b0;
        outcomes[i] = u < threshold[i]! ? 1 : 0;
      }
      const at = r * GRID;
      let bin = 0;
      let width = 0;
      let hits = 0;
      let binFrom = 0;
      let widthFrom = 0;
      let eceWidth = 0;
      let gridLeftMass = 0;
      let gridRightMass = 0;
      let p = 0;
      for (let b = 0; b < blocks; b++) {
        let blockHits = 0;
        for (const end = blockEnds[b]!; p < end; p++) blockHits += outcomes[item[p]!]!;
        hits += blockHits;
        const residual = blockHits - blockConfidence[b]!;
        gridLeftMass += leftWeight[b]! * residual;
        gridRightMass += rightWeight[b]! * residual;
        const event = blockEvents[b]!;
        if ((event & GRID_END) !== 0) {
          const left = at + gridLeft[b]!;
          mass[left] = gridLeftMass;
          if ((event & GRID_ADJACENT) !== 0) gridLeftMass = gridRightMass;
          else { mass[left + 1] = gridRightMass; gridLeftMass = 0; }
          gridRightMass = 0;
        }
        if ((event & WIDTH_END) !== 0) {
          eceWidth += Math.abs(widthConfidence[width++]! - (hits - widthFrom)) / n;
          widthFrom = hits;
        }
        if ((event & BIN_END) !== 0) {
          binCorrect[bin++] = hits - binFrom;
          binFrom = hits;
        }
      }
      let ece = 0;
      let reliability = 0;
      for (let b = 0; b < binSize.length; b++) {
        const gap = (binConfidence[b]! - binCorrect[b]!) / binSize[b]!;
        const weight = binSize[b]! / n;
        ece += weight * Math.abs(gap);
        reliability += weight * gap * gap;
      }
      const row = (first + r) * TESTED;
      out[row] = ece;
      out[row + 1] = eceWidth;
      out[row + 3] = reliability;
    }
    if (model.band) smoothEceResamples(mass, batch, model.band, model.factors, n, smooth);
    for (let r = 0; r < batch; r++) out[(first + r) * TESTED + 2] = model.band ? smooth[r]! : Number.NaN;
  }
  return out;
}
