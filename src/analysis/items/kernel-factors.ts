import { GRID_POINTS, reachedRows, smoothEceBatch, type KernelBand } from './smooth-ece.js';

const STEP = 1 / (GRID_POINTS - 1);
/** Columns whose part outside the factors' span is below this (relative to the largest column) are spanned. */
const TOLERANCE = 1e-13;
/** Factors are used only where they cost at most this share of the band's multiplications. */
const WORTH = 0.7;

/**
 * A low-rank factorisation K ≈ Q·R of a kernel band's block (rows `firstRow ..`, `rows` of them;
 * columns band.low..band.high), Q with orthonormal columns. With a wide σ (few items give a wide
 * σ*) the reflected Gaussian kernel has a low numerical rank, so Q·(R·m) costs a fraction of K·m
 * (only where the band is not cut at 5σ inside [0, 1]: the cut's jump leaves no low rank).
 * Each column of K differs from its projection by at most TOLERANCE × the largest column's norm,
 * so a smooth ECE from the factors differs from the band's by about 1e-13 of the kernel's scale.
 */
export interface KernelFactors {
  rank: number;
  firstRow: number;
  rows: number;
  /** rows × rank, row-major. */
  q: Float64Array;
  /** rank × (high − low + 1), row-major. */
  r: Float64Array;
}

/** The multiplications band·mass costs for one resample (rows × their reach into the support). */
function bandCost(band: KernelBand): number {
  let cost = 0;
  const [firstRow, lastRow] = reachedRows(band.width, band.low, band.high);
  for (let g = firstRow; g <= lastRow; g++) {
    cost += Math.min(band.high, g + band.width) - Math.max(band.low, g - band.width) + 1;
  }
  return cost;
}

/**
 * Factors the band's block by Gram–Schmidt with column pivoting (each new direction orthogonalised
 * twice), or null where the band is cut inside the block or the factors would not save WORTH of its cost.
 */
export function factorKernel(band: KernelBand): KernelFactors | null {
  const { width, values, low, high } = band;
  const span = 2 * width + 1;
  const [firstRow, lastRow] = reachedRows(width, low, high);
  const rows = lastRow - firstRow + 1;
  const columns = high - low + 1;
  // A band cut at 5σ inside the block jumps there by e^−12.5 of its peak, far above the tolerance: not worth trying.
  if (Math.max(high - firstRow, lastRow - low) > width) return null;
  const maxRank = Math.floor((WORTH * bandCost(band)) / (rows + columns));
  if (maxRank < 1) return null;
  // Block column c (grid point low + c) as a dense vector over the rows; zero outside the band.
  const block = new Float64Array(columns * rows);
  for (let c = 0; c < columns; c++) {
    const h = low + c;
    for (let g = Math.max(firstRow, h - width); g <= Math.min(lastRow, h + width); g++) {
      block[c * rows + g - firstRow] = values[g * span + width + h - g]!;
    }
  }
  const residual = block.slice();
  const norms = new Float64Array(columns);
  let largest = 0;
  for (let c = 0; c < columns; c++) {
    norms[c] = Math.sqrt(dot(residual, c * rows, residual, c * rows, rows));
    largest = Math.max(largest, norms[c]!);
  }
  const basis: Float64Array[] = [];
  while (basis.length <= maxRank) {
    let pivot = 0;
    for (let c = 1; c < columns; c++) if (norms[c]! > norms[pivot]!) pivot = c;
    if (norms[pivot]! <= TOLERANCE * largest) break;
    if (basis.length === maxRank) return null;
    const direction = residual.slice(pivot * rows, (pivot + 1) * rows);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) subtract(direction, q, dot(direction, 0, q, 0, rows));
    }
    scale(direction, 1 / Math.sqrt(dot(direction, 0, direction, 0, rows)));
    basis.push(direction);
    for (let c = 0; c < columns; c++) {
      const column = residual.subarray(c * rows, (c + 1) * rows);
      subtract(column, direction, dot(column, 0, direction, 0, rows));
      norms[c] = Math.sqrt(dot(column, 0, column, 0, rows));
    }
  }
  const rank = basis.length;
  const q = new Float64Array(rows * rank);
  const r = new Float64Array(rank * columns);
  for (let k = 0; k < rank; k++) {
    for (let g = 0; g < rows; g++) q[g * rank + k] = basis[k]![g]!;
    for (let c = 0; c < columns; c++) r[k * columns + c] = dot(basis[k]!, 0, block, c * rows, rows);
  }
  return { rank, firstRow, rows, q, r };
}

/**
 * smoothEceBatch through the factors where there are any (see KernelFactors for how close), else
 * the band itself: `batch` masses stored GRID_POINTS apart, results into out[0 .. batch).
 */
export function smoothEceResamples(masses: Float64Array, batch: number, band: KernelBand, factors: KernelFactors | null, count: number, out: Float64Array): void {
  if (!factors) return smoothEceBatch(masses, batch, band, count, out);
  const { rank, firstRow, rows, q, r } = factors;
  const { low, high } = band;
  const columns = high - low + 1;
  // Four resamples at a time share each factor entry they read.
  const projected = new Float64Array(4 * rank);
  for (let first = 0; first < batch; first += 4) {
    const lanes = Math.min(4, batch - first);
    const at0 = first * GRID_POINTS + low;
    const at1 = lanes > 1 ? at0 + GRID_POINTS : at0;
    const at2 = lanes > 2 ? at0 + 2 * GRID_POINTS : at0;
    const at3 = lanes > 3 ? at0 + 3 * GRID_POINTS : at0;
    for (let k = 0; k < rank; k++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const row = k * columns;
      for (let c = 0; c < columns; c++) {
        const v = r[row + c]!;
        s0 += v * masses[at0 + c]!;
        s1 += v * masses[at1 + c]!;
        s2 += v * masses[at2 + c]!;
        s3 += v * masses[at3 + c]!;
      }
      projected[4 * k] = s0;
      projected[4 * k + 1] = s1;
      projected[4 * k + 2] = s2;
      projected[4 * k + 3] = s3;
    }
    let i0 = 0, i1 = 0, i2 = 0, i3 = 0;
    for (let i = 0; i < rows; i++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const row = i * rank;
      for (let k = 0; k < rank; k++) {
        const v = q[row + k]!;
        s0 += v * projected[4 * k]!;
        s1 += v * projected[4 * k + 1]!;
        s2 += v * projected[4 * k + 2]!;
        s3 += v * projected[4 * k + 3]!;
      }
      const g = firstRow + i;
      const weight = g === 0 || g === GRID_POINTS - 1 ? 0.5 : 1;
      i0 += weight * Math.abs(s0);
      i1 += weight * Math.abs(s1);
      i2 += weight * Math.abs(s2);
      i3 += weight * Math.abs(s3);
    }
    const integrals = [i0, i1, i2, i3];
    for (let lane = 0; lane < lanes; lane++) out[first + lane] = (integrals[lane]! * STEP) / count;
  }
}

function dot(a: Float64Array, aFrom: number, b: Float64Array, bFrom: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += a[aFrom + i]! * b[bFrom + i]!;
  return sum;
}

function subtract(target: Float64Array, direction: Float64Array, amount: number): void {
  for (let i = 0; i < target.length; i++) target[i]! -= amount * direction[i]!;
}

function scale(target: Float64Array, factor: number): void {
  for (let i = 0; i < target.length; i++) target[i]! *= factor;
}
