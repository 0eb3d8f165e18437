import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/** Mixes a 32-bit integer (murmur3's finalizer): integer-only, so identical on every machine. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit seed derived from a list of integers (suite seed, stream, index...). */
export function deriveSeed(parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) h = mix32(h ^ mix32(part >>> 0) ^ Math.floor(part / 0x1_0000_0000));
  return h;
}

/**
 * The seeded random source of the probe generators (xoroshiro128+ from pure-rand, integer draws only),
 * so that a seed gives byte-identical probes on any machine. Never uses Math.random.
 */
export class ProbeRng {
  private readonly generator: RandomGenerator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed | 0);
  }

  /** A uniform integer in [min, max] (both included). */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new Error(`ProbeRng.int: bad range [${min}, ${max}]`);
    return unsafeUniformIntDistribution(min, max, this.generator);
  }

  /** True with probability numerator/denominator. */
  chance(numerator: number, denominator: number): boolean {
    return this.int(1, denominator) <= numerator;
  }

  /** One element of a non-empty list. */
  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new Error('ProbeRng.pick: empty list');
    return values[this.int(0, values.length - 1)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(values: readonly T[]): T[] {
    const copy = [...values];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }

  /** `count` distinct elements, in random order. */
  sample<T>(values: readonly T[], count: number): T[] {
    if (count > values.length) throw new Error(`ProbeRng.sample: ${count} from ${values.length}`);
    return this.shuffle(values).slice(0, count);
  }
}
