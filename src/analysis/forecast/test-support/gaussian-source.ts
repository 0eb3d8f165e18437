import { unsafeUniformIntDistribution, xorshift128plus } from 'pure-rand';

/** Seeded standard normal draws (Box–Muller on pure-rand uniforms), for simulations. */
export function gaussianSource(seed: number): () => number {
  const rng = xorshift128plus(seed);
  const uniform = (): number => (unsafeUniformIntDistribution(0, 2 ** 30 - 1, rng) + 0.5) / 2 ** 30;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
