import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** Faults the test server can inject. */
export const FAULT_KINDS = ['rate-limit', 'server-error', 'hang', 'malformed-json', 'truncated-body', 'missing-logprobs'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Which requests fail, and how. `next` faults are used first, one per request, in order; after
 * them each request fails with probability `rate`, its kind drawn uniformly from `kinds`, both
 * from a generator seeded with `seed` (the same seed and request order give the same faults).
 */
export interface FaultPlan {
  next?: FaultKind[];
  rate?: number;
  kinds?: readonly FaultKind[];
  seed?: number;
}

/** Picks the fault (or none) of each request in arrival order. */
export function createFaultPicker(plan: FaultPlan): () => FaultKind | undefined {
  const queue = [...(plan.next ?? [])];
  const rate = plan.rate ?? 0;
  const kinds = plan.kinds ?? FAULT_KINDS;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate must lie in [0, 1], got ${rate}`);
  if (rate > 0 && kinds.length === 0) throw new RangeError('a fault rate needs at least one fault kind');
  const rng = xoroshiro128plus(plan.seed ?? 0);
  return () => {
    const queued = queue.shift();
    if (queued !== undefined) return queued;
    if (rate === 0) return undefined;
    if (unsafeUniformIntDistribution(0, 999_999, rng) >= rate * 1_000_000) return undefined;
    return kinds[unsafeUniformIntDistribution(0, kinds.length - 1, rng)];
  };
}
