import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/**
 * Draws the resample index matrix of a paired bootstrap once: row b holds n item indices drawn
 * with replacement (Int32Array of length resamples × n). Seeded and reproducible.
 */
export function drawResampleMatrix(itemCount: number, resamples: number, seed: number): Int32Array {
  const matrix = new Int32Array(resamples * itemCount);
  const rng = xoroshiro128plus(seed);
  const last = itemCount - 1;
  for (let i = 0; i < matrix.length; i++) matrix[i] = unsafeUniformIntDistribution(0, last, rng);
  return matrix;
}
