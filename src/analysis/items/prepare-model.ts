import { factorKernel, type KernelFactors } from './kernel-factors.js';
import { addResidualMass, GRID_POINTS, smoothEce, type KernelBand } from './smooth-ece.js';

export const EQUAL_MASS_BINS = 10;
export const EQUAL_WIDTH_BINS = 15;

/** Bits of `SortedItems.events`: what ends after a sorted position. */
export const EVENT = {
  /** A block of tied confidences ends (the next position has another confidence). */
  blockEnd: 1,
  /** An equal-width bin ends. */
  widthEnd: 2,
  /** The items spreading onto grid points (left, left + 1) end. */
  gridEnd: 4,
  /** ... and the next items spread onto (left + 1, left + 2): the grid point left + 1 carries over. */
  gridAdjacent: 8,
} as const;

/**
 * A model's items sorted by confidence ascending (stable), with the EVENT bits after each position
 * and the tie blocks, so that one pass over the blocks computes every calibration metric.
 * Equal-width bins and grid cells are runs of positions (both rise with the confidence).
 */
export interface SortedItems {
  /** Item index at each sorted position. */
  item: Int32Array;
  confidence: Float64Array;
  /** 0 or 1. */
  correct: Uint8Array;
  /** EVENT bits per position. */
  events: Uint8Array;
  /** Number of tie blocks. */
  blocks: number;
  /** Per tie block (everything but the items' counts and correctness is the same within one): */
  block: TieBlocks;
}

/**
 * The tie blocks in order: where each ends, its confidence, its grid cell (left grid point of the
 * linear spread of the residual, and the weights on it and on the next), and the EVENT bits after it.
 */
export interface TieBlocks {
  /** One past the block's last position. */
  end: Int32Array;
  confidence: Float64Array;
  gridLeft: Int32Array;
  leftWeight: Float64Array;
  rightWeight: Float64Array;
  events: Uint8Array;
}

function tieBlocks(sorted: Omit<SortedItems, 'block'>): TieBlocks {
  const blocks: TieBlocks = {
    end: new Int32Array(sorted.blocks),
    confidence: new Float64Array(sorted.blocks),
    gridLeft: new Int32Array(sorted.blocks),
    leftWeight: new Float64Array(sorted.blocks),
    rightWeight: new Float64Array(sorted.blocks),
    events: new Uint8Array(sorted.blocks),
  };
  let b = 0;
  for (let p = 0; p < sorted.item.length; p++) {
    if ((sorted.events[p]! & EVENT.blockEnd) === 0) continue;
    const f = sorted.confidence[p]!;
    const [left, fraction] = gridCell(f);
    blocks.end[b] = p + 1;
    blocks.confidence[b] = f;
    blocks.gridLeft[b] = left;
    blocks.leftWeight[b] = 1 - fraction;
    blocks.rightWeight[b] = fraction;
    blocks.events[b] = sorted.events[p]!;
    b++;
  }
  return blocks;
}

/** One model's items prepared once for every resample: the sorted positions and the smooth-ECE kernel. */
export interface PreparedModel {
  correct: Uint8Array;
  confidence: Float64Array | null;
  loss: Float64Array | null;
  /** Whether every loss is finite (a zero count may then multiply it instead of skipping it). */
  lossFinite: boolean;
  sorted: SortedItems | null;
  /** Smooth ECE kernel at σ* of the full sample (used unchanged for resamples). */
  band: KernelBand | null;
  /** The band's low-rank factors where they are cheaper (wide σ*), for the resamples. */
  factors: KernelFactors | null;
  sigma: number | null;
}

function stableOrder(values: Float64Array): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  return order.sort((a, b) => values[a]! - values[b]! || a - b);
}

/** The grid cell of a confidence: left point and the fraction towards the next (as addResidualMass spreads it). */
function gridCell(confidence: number): [number, number] {
  const position = confidence * (GRID_POINTS - 1);
  let left = Math.floor(position);
  if (left >= GRID_POINTS - 1) left = GRID_POINTS - 2;
  if (left < 0) left = 0;
  return [left, position - left];
}

function sortItems(correct: Uint8Array, confidence: Float64Array): SortedItems {
  const count = correct.length;
  const item = stableOrder(confidence);
  const sorted: Omit<SortedItems, 'block'> = {
    item,
    confidence: new Float64Array(count),
    correct: new Uint8Array(count),
    events: new Uint8Array(count),
    blocks: 0,
  };
  const gridLeft = new Int32Array(count);
  const widthBin = new Uint8Array(count);
  for (let p = 0; p < count; p++) {
    const f = confidence[item[p]!]!;
    sorted.confidence[p] = f;
    sorted.correct[p] = correct[item[p]!]!;
    gridLeft[p] = gridCell(f)[0];
    widthBin[p] = Math.min(EQUAL_WIDTH_BINS - 1, Math.floor(f * EQUAL_WIDTH_BINS));
  }
  for (let p = 0; p < count; p++) {
    const last = p === count - 1;
    let events = 0;
    if (last || sorted.confidence[p] !== sorted.confidence[p + 1]) { events |= EVENT.blockEnd; sorted.blocks++; }
    if (last || widthBin[p] !== widthBin[p + 1]) events |= EVENT.widthEnd;
    if (last || gridLeft[p] !== gridLeft[p + 1]) {
      events |= EVENT.gridEnd;
      if (!last && gridLeft[p + 1] === gridLeft[p]! + 1) events |= EVENT.gridAdjacent;
    }
    sorted.events[p] = events;
  }
  return { ...sorted, block: tieBlocks(sorted) };
}

/** Prepares a model: its sorted positions and the smooth-ECE bandwidth σ* solved on all items. */
export function prepareModel(correct: Uint8Array, confidence: Float64Array | null, loss: Float64Array | null): PreparedModel {
  const count = correct.length;
  const lossFinite = loss ? loss.every(Number.isFinite) : true;
  if (!confidence) return { correct, confidence, loss, lossFinite, sorted: null, band: null, factors: null, sigma: null };
  const sorted = sortItems(correct, confidence);
  const mass = new Float64Array(GRID_POINTS);
  for (let i = 0; i < count; i++) addResidualMass(mass, confidence[i]!, correct[i]! - confidence[i]!);
  // Residual mass lies on the grid points of the blocks' cells only (their left points and the next).
  const { gridLeft } = sorted.block;
  const smooth = count > 0 ? smoothEce(mass, count, gridLeft[0]!, gridLeft[sorted.blocks - 1]! + 1) : null;
  const band = smooth?.band ?? null;
  return { correct, confidence, loss, lossFinite, sorted, band, factors: band ? factorKernel(band) : null, sigma: smooth?.sigma ?? null };
}
