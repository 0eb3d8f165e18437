import { unsafeUniformIntDistribution, xorshift128plus } from 'pure-rand';

const TWO_32 = 4294967296;

/**
 * Item indices drawn with replacement, uniform on 0 … n − 1: seeded (pure-rand xorshift128+) and
 * reproducible. Indices come from 32-bit outputs by Lemire's multiply-and-reject method, which is
 * exactly uniform; n above 2^21 falls back to pure-rand's own uniform distribution.
 */
export function resampleSource(itemCount: number, seed: number): () => number {
  const rng = xorshift128plus(seed);
  if (itemCount > 2 ** 21) return () => unsafeUniformIntDistribution(0, itemCount - 1, rng);
  const threshold = (TWO_32 - itemCount) % itemCount;
  return () => {
    let product = (rng.unsafeNext() >>> 0) * itemCount;
    let low = product % TWO_32;
    while (low < threshold) {
      product = (rng.unsafeNext() >>> 0) * itemCount;
      low = product % TWO_32;
    }
    return Math.floor(product / TWO_32);
  };
}

/**
 * The resample index matrix of a paired bootstrap: row b holds the n item indices of resample b
 * (Int32Array of length resamples × n), drawn one after another from resampleSource.
 */
export function drawResampleMatrix(itemCount: number, resamples: number, seed: number): Int32Array {
  const matrix = new Int32Array(resamples * itemCount);
  const next = resampleSource(itemCount, seed);
  for (let i = 0; i < matrix.length; i++) matrix[i] = next();
  return matrix;
}
