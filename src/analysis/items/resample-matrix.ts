import { unsafeUniformIntDistribution, xorshift128plus } from 'pure-rand';

const TWO_32 = 4294967296;

/**
 * Draws the resample index matrix of a paired bootstrap once: row b holds n item indices drawn
 * with replacement (Int32Array of length resamples × n). Seeded (pure-rand xorshift128+) and
 * reproducible. Indices come from 32-bit outputs by Lemire's multiply-and-reject method, which is
 * exactly uniform; n above 2^21 falls back to pure-rand's own uniform distribution.
 */
export function drawResampleMatrix(itemCount: number, resamples: number, seed: number): Int32Array {
  const matrix = new Int32Array(resamples * itemCount);
  const rng = xorshift128plus(seed);
  if (itemCount > 2 ** 21) {
    for (let i = 0; i < matrix.length; i++) matrix[i] = unsafeUniformIntDistribution(0, itemCount - 1, rng);
    return matrix;
  }
  const threshold = (TWO_32 - itemCount) % itemCount;
  for (let i = 0; i < matrix.length; i++) {
    let product = (rng.unsafeNext() >>> 0) * itemCount;
    let low = product % TWO_32;
    while (low < threshold) {
      product = (rng.unsafeNext() >>> 0) * itemCount;
      low = product % TWO_32;
    }
    matrix[i] = Math.floor(product / TWO_32);
  }
  return matrix;
}
