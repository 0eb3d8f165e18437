/**
 * Smooth ECE (Błasiok & Nakkiran 2023, "Smooth ECE: Principled Reliability Diagrams via Kernel
 * Smoothing"): smECE_σ = ∫₀¹ |(1/n) Σᵢ K_σ(t, fᵢ)(yᵢ − fᵢ)| dt with the reflected Gaussian kernel
 * K_σ on [0, 1], and the bandwidth σ* that solves smECE_σ = σ (their scale-consistent choice; the
 * left side falls and the right side rises with σ, so the fixed point is unique). Residual mass is
 * spread onto a grid of GRID_POINTS points by linear interpolation; the integral is a trapezoid sum.
 */
export const GRID_POINTS = 201;
const STEP = 1 / (GRID_POINTS - 1);

/**
 * A kernel band for one σ: row g holds K(t_g, t_g') for g' in [g − width, g + width]. `low` and
 * `high` bound the grid points that can carry residual mass (all of them unless narrowed by
 * kernelBand's arguments); only the entries those masses reach are filled, and sums skip only
 * points outside them, whose terms are exact zeros, so every result is the same to the last bit.
 */
export interface KernelBand {
  sigma: number;
  width: number;
  values: Float64Array;
  low: number;
  high: number;
}

/** imageSums' array holds m = g − h (−(G − 1) .. G − 1) and m = g + h (0 .. 2(G − 1)) at m + IMAGE_OFFSET. */
const IMAGE_OFFSET = GRID_POINTS - 1;

/**
 * The reflected Gaussian kernel as K(t_g, t_h) = images[g − h + IMAGE_OFFSET] + images[g + h + IMAGE_OFFSET]:
 * images[m] sums φ at m·STEP over the reflections at 0 and 1 (m, m ± 2(G − 1)).
 */
function imageSums(sigma: number): Float64Array {
  const norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
  const period = 2 * (GRID_POINTS - 1);
  // φ at m·STEP for every |m ± period| below (at most 2 · period); φ is even
  const phi = new Float64Array(2 * period + 1);
  for (let m = 0; m < phi.length; m++) phi[m] = norm * Math.exp(-0.5 * ((m * STEP) / sigma) ** 2);
  const images = new Float64Array(3 * (GRID_POINTS - 1) + 1);
  for (let m = -IMAGE_OFFSET; m <= 2 * (GRID_POINTS - 1); m++) {
    images[m + IMAGE_OFFSET] = phi[Math.abs(m - period)]! + phi[Math.abs(m)]! + phi[m + period]!;
  }
  return images;
}

/** The first and last grid rows that mass on points low..high reaches through a band of half-width `width`. */
export function reachedRows(width: number, low: number, high: number): [first: number, last: number] {
  return [Math.max(0, low - width), Math.min(GRID_POINTS - 1, high + width)];
}

/** Half-width of the band for σ, in grid steps (the kernel is truncated at 5σ). */
function bandWidth(sigma: number): number {
  return Math.min(GRID_POINTS - 1, Math.ceil((5 * sigma) / STEP));
}

/**
 * Builds the reflected Gaussian kernel band for σ, truncated at 5σ (images at 0 and 1 included),
 * for residual mass on grid points low..high.
 */
export function kernelBand(sigma: number, low = 0, high = GRID_POINTS - 1): KernelBand {
  const width = bandWidth(sigma);
  const span = 2 * width + 1;
  const values = new Float64Array(GRID_POINTS * span);
  const images = imageSums(sigma);
  const [firstRow, lastRow] = reachedRows(width, low, high);
  for (let g = firstRow; g <= lastRow; g++) {
    for (let h = Math.max(low, g - width); h <= Math.min(high, g + width); h++) {
      values[g * span + h - g + width] = images[g - h + IMAGE_OFFSET]! + images[g + h + IMAGE_OFFSET]!;
    }
  }
  return { sigma, width, values, low, high };
}

/** smoothEceFromMass(mass, kernelBand(σ, low, high), count) without building the band (the same bits). */
function smoothEceAt(mass: Float64Array, count: number, sigma: number, low: number, high: number): number {
  const width = bandWidth(sigma);
  const images = imageSums(sigma);
  let integral = 0;
  const [firstRow, lastRow] = reachedRows(width, low, high);
  for (let g = firstRow; g <= lastRow; g++) {
    let sum = 0;
    const to = Math.min(high, g + width);
    for (let h = Math.max(low, g - width); h <= to; h++) sum += (images[g - h + IMAGE_OFFSET]! + images[g + h + IMAGE_OFFSET]!) * mass[h]!;
    const weight = g === 0 || g === GRID_POINTS - 1 ? 0.5 : 1;
    integral += weight * Math.abs(sum);
  }
  return (integral * STEP) / count;
}

/** Adds count × (y − f) onto the grid at f by linear interpolation. */
export function addResidualMass(mass: Float64Array, confidence: number, residual: number): void {
  const position = confidence * (GRID_POINTS - 1);
  let left = Math.floor(position);
  if (left >= GRID_POINTS - 1) left = GRID_POINTS - 2;
  if (left < 0) left = 0;
  const fraction = position - left;
  mass[left]! += (1 - fraction) * residual;
  mass[left + 1]! += fraction * residual;
}

/** smECE at the band's σ for residual mass on the grid (already summed, from `offset`), divided by n. */
export function smoothEceFromMass(mass: Float64Array, band: KernelBand, count: number, offset = 0): number {
  const { width, values, low, high } = band;
  const span = 2 * width + 1;
  let integral = 0;
  const [firstRow, lastRow] = reachedRows(width, low, high);
  for (let g = firstRow; g <= lastRow; g++) {
    let sum = 0;
    const from = Math.max(low, g - width);
    const to = Math.min(high, g + width);
    const row = g * span + width - g;
    for (let h = from; h <= to; h++) sum += values[row + h]! * mass[offset + h]!;
    const weight = g === 0 || g === GRID_POINTS - 1 ? 0.5 : 1;
    integral += weight * Math.abs(sum);
  }
  return (integral * STEP) / count;
}

/**
 * smoothEceFromMass of `batch` masses stored one after another (GRID_POINTS apart), into
 * out[0 .. batch): eight at a time share each kernel value (the rest one by one), and every sum
 * runs in the same order as smoothEceFromMass's, so each result is the same to the last bit.
 */
export function smoothEceBatch(masses: Float64Array, batch: number, band: KernelBand, count: number, out: Float64Array): void {
  let r = 0;
  for (; r + 8 <= batch; r += 8) smoothEceEight(masses, r * GRID_POINTS, band, count, out, r);
  for (; r < batch; r++) out[r] = smoothEceFromMass(masses, band, count, r * GRID_POINTS);
}

/** The fixed point σ* of smECE_σ = σ (bisection on log σ) and smECE there, for mass on grid points low..high. */
export function smoothEce(mass: Float64Array, count: number, low = 0, high = GRID_POINTS - 1): { value: number; sigma: number; band: KernelBand } {
  let below = Math.log(1e-3);
  let above = Math.log(1);
  for (let iteration = 0; iteration < 30; iteration++) {
    const middle = (below + above) / 2;
    const sigma = Math.exp(middle);
    if (smoothEceAt(mass, count, sigma, low, high) > sigma) below = middle;
    else above = middle;
  }
  const sigma = Math.exp((below + above) / 2);
  const band = kernelBand(sigma, low, high);
  return { value: smoothEceFromMass(mass, band, count), sigma, band };
}

/** smoothEceFromMass of eight masses at once (see smoothEceBatch). */
function smoothEceEight(masses: Float64Array, offset: number, band: KernelBand, count: number, out: Float64Array, at: number): void {
  const { width, values, low, high } = band;
  const span = 2 * width + 1;
  let i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
  const [firstRow, lastRow] = reachedRows(width, low, high);
  for (let g = firstRow; g <= lastRow; g++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    const from = Math.max(low, g - width);
    const to = Math.min(high, g + width);
    const row = g * span + width - g;
    for (let h = from, m = offset + from; h <= to; h++, m++) {
      const v = values[row + h]!;
      s0 += v * masses[m]!;
      s1 += v * masses[m + GRID_POINTS]!;
      s2 += v * masses[m + 2 * GRID_POINTS]!;
      s3 += v * masses[m + 3 * GRID_POINTS]!;
      s4 += v * masses[m + 4 * GRID_POINTS]!;
      s5 += v * masses[m + 5 * GRID_POINTS]!;
      s6 += v * masses[m + 6 * GRID_POINTS]!;
      s7 += v * masses[m + 7 * GRID_POINTS]!;
    }
    const weight = g === 0 || g === GRID_POINTS - 1 ? 0.5 : 1;
    i0 += weight * Math.abs(s0);
    i1 += weight * Math.abs(s1);
    i2 += weight * Math.abs(s2);
    i3 += weight * Math.abs(s3);
    i4 += weight * Math.abs(s4);
    i5 += weight * Math.abs(s5);
    i6 += weight * Math.abs(s6);
    i7 += weight * Math.abs(s7);
  }
  out[at] = (i0 * STEP) / count;
  out[at + 1] = (i1 * STEP) / count;
  out[at + 2] = (i2 * STEP) / count;
  out[at + 3] = (i3 * STEP) / count;
  out[at + 4] = (i4 * STEP) / count;
  out[at + 5] = (i5 * STEP) / count;
  out[at + 6] = (i6 * STEP) / count;
  out[at + 7] = (i7 * STEP) / count;
}
