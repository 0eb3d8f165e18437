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
  /** EVENT bits per sorted position, with BIN_END where a (non-empty) equal-mass bin ends. */
  events: Uint8Array;
  /** Confidence sum and size of each non-empty equal-mass bin, in order. */
  binConfidence: number[];
  binSize: number[];
  /** Confidence sum of each equal-width bin, in order. */
  widthConfidence: number[];
  /** Residual mass position p spreads onto its left and right grid point: at 2p for y = 0, 2p + 1 for y = 1. */
  leftTerm: Float64Array;
  rightTerm: Float64Array;
}

/** The sums calibrationPass makes with every count 1, in the same order. */
function nullLayout(model: PreparedModel): NullLayout {
  const { confidence, leftWeight, rightWeight, events } = model.sorted!;
  const n = confidence.length;
  const base = Math.floor(n / BINS);
  const larger = n % BINS;
  const binStart = (b: number): number => (b < larger ? b * (base + 1) : larger * (base + 1) + (b - larger) * base);
  const layout: NullLayout = { events: Uint8Array.from(events), binConfidence: [], binSize: [], widthConfidence: [], leftTerm: new Float64Array(2 * n), rightTerm: new Float64Array(2 * n) };
  let bin = 0;
  let binConfidence = 0;
  let binSize = 0;
  let widthConfidence = 0;
  for (let p = 0; p < n; p++) {
    const f = confidence[p]!;
    binConfidence += f;
    binSize += 1;
    widthConfidence += f;
    layout.leftTerm[2 * p] = leftWeight[p]! * (0 - f);
    layout.leftTerm[2 * p + 1] = leftWeight[p]! * (1 - f);
    layout.rightTerm[2 * p] = rightWeight[p]! * (0 - f);
    layout.rightTerm[2 * p + 1] = rightWeight[p]! * (1 - f);
    if ((events[p]! & WIDTH_END) !== 0) {
      layout.widthConfidence.push(widthConfidence);
      widthConfidence = 0;
    }
    if ((events[p]! & BLOCK_END) !== 0) {
      let next = bin;
      while (next + 1 < BINS && p + 1 >= binStart(next + 1)) next++;
      if (next !== bin || p === n - 1) {
        layout.events[p]! |= BIN_END;
        layout.binConfidence.push(binConfidence);
        layout.binSize.push(binSize);
        binConfidence = 0;
        binSize = 0;
      }
      bin = next;
    }
  }
  return layout;
}

/**
 * The null-tested metrics (NULL_TESTED order, `draws` × 4) of a model whose outcomes are drawn from
 * its own confidences (y ~ Bernoulli(c)): what a perfectly calibrated model with exactly these
 * confidences would show. The same numbers as modelMetrics on the drawn outcomes, to the last bit.
 */
export function perfectCalibrationDraws(model: PreparedModel, draws: number, seed: number): Float64Array {
  const { item, gridLeft } = model.sorted!;
  const n = item.length;
  const { events, binConfidence, binSize, widthConfidence, leftTerm, rightTerm } = nullLayout(model);
  // u / 2^32 < c exactly when u < c · 2^32 (both sides scaled by a power of two)
  const threshold = Float64Array.from(model.confidence!, (c) => c * 4294967296);
  const outcomes = new Uint8Array(n);
  const binCorrect = new Float64Array(binSize.length);
  const mass = new Float64Array(BATCH * GRID);
  const smooth = new Float64Array(BATCH);
  const out = new Float64Array(draws * TESTED);
  const random = xorshift128plus(seed);
  for (let first = 0; first < draws; first += BATCH) {
    const batch = Math.min(BATCH, draws - first);
    mass.fill(0);
    for (let r = 0; r < batch; r++) {
      for (let i = 0; i < n; i++) outcomes[i] = (random.unsafeNext() >>> 0) < threshold[i]! ? 1 : 0;
      const at = r * GRID;
      let bin = 0;
      let width = 0;
      let hits = 0;
      let binFrom = 0;
      let widthFrom = 0;
      let eceWidth = 0;
      let gridLeftMass = 0;
      let gridRightMass = 0;
      for (let p = 0; p < n; p++) {
        const y = outcomes[item[p]!]!;
        hits += y;
        gridLeftMass += leftTerm[2 * p + y]!;
        gridRightMass += rightTerm[2 * p + y]!;
        const event = events[p]!;
        if (event === 0) continue;
        if ((event & GRID_END) !== 0) {
          const left = at + gridLeft[p]!;
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
