import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** The n − 1 rotations of n options other than the identity: rotation r shows base option (i + r) mod n at position i. */
export function rotations(count: number): number[][] {
  return Array.from({ length: count - 1 }, (_, r) => Array.from({ length: count }, (_, i) => (i + r + 1) % count));
}

function factorial(n: number): number {
  let value = 1;
  for (let i = 2; i <= n; i++) value *= i;
  return value;
}

/** A 32-bit FNV-1a hash of a text (to seed an item's own permutations, independent of item order). */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/**
 * `wanted` distinct non-identity permutations of `count` options (Fisher–Yates, seeded), or all of
 * them when fewer exist. Entry i of a permutation is the base option shown at position i.
 */
export function samplePermutations(count: number, wanted: number, seed: number): number[][] {
  const available = factorial(count) - 1;
  const target = Math.min(wanted, available);
  const rng = xoroshiro128plus(seed);
  const seen = new Set<string>([Array.from({ length: count }, (_, i) => i).join(',')]);
  const result: number[][] = [];
  while (result.length < target) {
    const order = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = unsafeUniformIntDistribution(0, i, rng);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const key = order.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(order);
  }
  return result;
}
