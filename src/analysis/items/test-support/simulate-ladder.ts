import { xorshift128plus } from 'pure-rand';
import type { ItemLadder } from '../item-ladder.js';

/** A seeded uniform [0, 1) source for simulations. */
export function uniformSource(seed: number): () => number {
  const rng = xorshift128plus(seed);
  return () => (rng.unsafeNext() >>> 0) / 4294967296;
}

export interface SimulationSpec {
  params: number[];
  items: number;
  /** Accuracy of model j (fraction). */
  accuracy: (log10Params: number) => number;
  seed: number;
  /** Confidence given the chance of being right; default: perfectly calibrated (confidence = p). */
  overconfidence?: number;
}

/**
 * A ladder drawn from a known model: each item has a difficulty shift, model j answers item i
 * correctly with probability p_ij = clamp(a_j + shift_i) and states confidence p_ij (+ overconfidence),
 * so the confidences are perfectly calibrated when overconfidence is 0.
 */
export function simulateLadder(spec: SimulationSpec): ItemLadder {
  const random = uniformSource(spec.seed);
  const shifts = Array.from({ length: spec.items }, () => (random() - 0.5) * 0.6);
  const models = spec.params.map((params, j) => {
    const base = spec.accuracy(Math.log10(params));
    const correct = new Uint8Array(spec.items);
    const confidence = new Float64Array(spec.items);
    const loss = new Float64Array(spec.items);
    for (let i = 0; i < spec.items; i++) {
      const p = Math.min(0.98, Math.max(0.02, base + shifts[i]!));
      correct[i] = random() < p ? 1 : 0;
      confidence[i] = Math.min(1, p + (spec.overconfidence ?? 0));
      loss[i] = -Math.log(correct[i] ? p : (1 - p) / 3);
    }
    return { model: `m${j}`, params, correct, confidence, loss, methods: [], present: null };
  });
  return { task: 'sim', family: null, itemIds: Array.from({ length: spec.items }, (_, i) => `q${i}`), models, chance: 0.25, mismatch: null };
}
