import { describe, expect, it } from 'vitest';
import { factorKernel, smoothEceResamples } from './kernel-factors.js';
import { GRID_POINTS, kernelBand, smoothEceBatch } from './smooth-ece.js';
import { uniformSource } from './test-support/simulate-ladder.js';

/** `batch` residual masses on grid points low..high (zero elsewhere), as resamples leave them. */
function masses(batch: number, low: number, high: number, seed: number): Float64Array {
  const random = uniformSource(seed);
  const out = new Float64Array(batch * GRID_POINTS);
  for (let r = 0; r < batch; r++) for (let g = low; g <= high; g++) out[r * GRID_POINTS + g] = random() < 0.4 ? 0 : Math.round((random() - 0.45) * 6);
  return out;
}

describe('smooth ECE through the low-rank kernel factors', () => {
  const cases = [
    { sigma: 0.5, low: 60, high: 200, factored: true },
    { sigma: 0.25, low: 0, high: 200, factored: true },
    { sigma: 0.2, low: 80, high: 180, factored: true },
    // Truncated at 5σ inside [0, 1], the kernel jumps by e^−12.5 of its peak: no low rank at 1e-13.
    { sigma: 0.12, low: 80, high: 180, factored: false },
    { sigma: 0.05, low: 20, high: 190, factored: false },
    { sigma: 0.01, low: 0, high: 200, factored: false },
  ];
  for (const { sigma, low, high, factored } of cases) {
    it(`equals the band's to 1e-12 at σ = ${sigma} on grid points ${low}..${high} (factored: ${factored})`, () => {
      const band = kernelBand(sigma, low, high);
      const factors = factorKernel(band);
      expect(factors !== null).toBe(factored);
      const batch = 11;
      const mass = masses(batch, low, high, Math.round(sigma * 1000));
      const exact = new Float64Array(batch);
      const fast = new Float64Array(batch);
      smoothEceBatch(mass, batch, band, 500, exact);
      smoothEceResamples(mass, batch, band, factors, 500, fast);
      for (let r = 0; r < batch; r++) {
        expect(exact[r]).toBeGreaterThan(0);
        expect(Math.abs(fast[r]! - exact[r]!)).toBeLessThanOrEqual(1e-12 * exact[r]!);
      }
      // Factors are only kept where they cost well under the band's multiplications.
      if (factors) expect(factors.rank * (factors.rows + high - low + 1)).toBeLessThan(0.7 * factors.rows * (high - low + 1));
    });
  }
});
