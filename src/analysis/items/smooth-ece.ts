/**
 * Smooth ECE (Błasiok & Nakkiran 2023, "Smooth ECE: Principled Reliability Diagrams via Kernel
 * Smoothing"): smECE_σ = ∫₀¹ |(1/n) Σᵢ K_σ(t, fᵢ)(yᵢ − fᵢ)| dt with the reflected Gaussian kernel
 * K_σ on [0, 1], and the bandwidth σ* that solves smECE_σ = σ (their scale-consistent choice; the
 * left side falls and the right side rises with σ, so the fixed point is unique). Residual mass is
 * spread onto a grid of GRID_POINTS points by linear interpolation; the integral is a trapezoid sum.
 */
export const GRID_POINTS = 201;
const STEP = 1 / (GRID_POINTS - 1);

/** A kernel band for one σ: row g holds K(t_g, t_g') for g' in [g − width, g + width]. */
export interface KernelBand {
  sigma: number;
  width: number;
  values: Float64Array;
}

/** Builds the reflected Gaussian kernel band for σ, truncated at 5σ (images at 0 and 1 included). */
export function kernelBand(sigma: number): KernelBand {
  const width = Math.min(GRID_POINTS - 1, Math.ceil((5 * sigma) / STEP));
  const span = 2 * width + 1;
  const values = new Float64Array(GRID_POINTS * span);
  const norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
  // φ at every multiple m·STEP that t − u − 2k or t + u − 2k can take (|m| ≤ 4(G − 1)).
  const reach = 4 * (GRID_POINTS - 1);
  const phi = new Float64Array(2 * reach + 1);
  for (let m = -reach; m <= reach; m++) phi[m + reach] = norm * Math.exp(-0.5 * ((m * STEP) / sigma) ** 2);
  const period = 2 * (GRID_POINTS - 1);
  for (let g = 0; g < GRID_POINTS; g++) {
    for (let d = -width; d <= width; d++) {
      const h = g + d;
      if (h < 0 || h >= GRID_POINTS) continue;
      let value = 0;
      for (let k = -1; k <= 1; k++) value += phi[g - h - k * period + reach]! + phi[g + h - k * period + reach]!;
      values[g * span + d + width] = value;
    }
  }
  return { sigma, width, values };
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

/** smECE at the band's σ for residual mass on the grid (already summed), divided by n. */
export function smoothEceFromMass(mass: Float64Array, band: KernelBand, count: number): number {
  const { width, values } = band;
  const span = 2 * width + 1;
  let integral = 0;
  for (let g = 0; g < GRID_POINTS; g++) {
    let sum = 0;
    const from = Math.max(0, g - width);
    const to = Math.min(GRID_POINTS - 1, g + width);
    const row = g * span + width - g;
    for (let h = from; h <= to; h++) sum += values[row + h]! * mass[h]!;
    const weight = g === 0 || g === GRID_POINTS - 1 ? 0.5 : 1;
    integral += weight * Math.abs(sum);
  }
  return (integral * STEP) / count;
}

/** The fixed point σ* of smECE_σ = σ (bisection on log σ) and smECE there. */
export function smoothEce(mass: Float64Array, count: number): { value: number; sigma: number; band: KernelBand } {
  let low = Math.log(1e-3);
  let high = Math.log(1);
  for (let iteration = 0; iteration < 30; iteration++) {
    const middle = (low + high) / 2;
    const sigma = Math.exp(middle);
    if (smoothEceFromMass(mass, kernelBand(sigma), count) > sigma) low = middle;
    else high = middle;
  }
  const sigma = Math.exp((low + high) / 2);
  const band = kernelBand(sigma);
  return { value: smoothEceFromMass(mass, band, count), sigma, band };
}
