import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { analyzeBrittleness, type BrittlenessTrend } from './analyze-brittleness.js';
import type { VariantObservation } from './variant-observation.js';

// A ladder of 6 models (10^8 … 10^10.5 parameters) on 300 base items, each asked as its base version
// and 3 option rotations. With probability p(x) a model gives one answer under every version;
// otherwise one of the rotations (drawn at random) gets a different answer. So p(x) is the true
// consistency: rising 0.10 per decade, or constant 0.7.
const xs = [8, 8.5, 9, 9.5, 10, 10.5];
const GROUPS = 300;
const DATASETS = 60;

function simulate(consistency: (x: number) => number, seed: number): VariantObservation[] {
  const rng = xoroshiro128plus(seed);
  const uniform = (): number => unsafeUniformIntDistribution(0, 2 ** 30, rng) / 2 ** 30;
  const rows: VariantObservation[] = [];
  for (const x of xs) {
    for (let g = 0; g < GROUPS; g++) {
      const gold = unsafeUniformIntDistribution(0, 3, rng);
      const answer = uniform() < 0.6 ? gold : unsafeUniformIntDistribution(0, 3, rng);
      const flipped = uniform() < consistency(x) ? -1 : unsafeUniformIntDistribution(1, 3, rng);
      for (let r = 0; r < 4; r++) {
        const given = r === flipped ? (answer + 1 + unsafeUniformIntDistribution(0, 2, rng)) % 4 : answer;
        rows.push({
          task: 't', family: null, model: `m${x}`, params: 10 ** x, group: `g${g}`, variant: `v${r}`, kind: r === 0 ? 'base' : 'options',
          template: 'qa', correct: given === gold, answer: String(given), chosenPosition: (given - r + 4) % 4, goldPosition: (gold - r + 4) % 4,
          optionCount: 4, confidence: null,
        });
      }
    }
  }
  return rows;
}

function flags(consistency: (x: number) => number, seedBase: number): Record<BrittlenessTrend, number> {
  const counts: Record<BrittlenessTrend, number> = { shrinking: 0, growing: 0, stable: 0, unknown: 0 };
  for (let d = 0; d < DATASETS; d++) {
    const [task] = analyzeBrittleness(simulate(consistency, seedBase + d), { resamples: 200, seed: d, delta: 0.05 });
    counts[task!.brittleness]++;
  }
  return counts;
}

describe('brittleness flag (simulation, 60 datasets each)', () => {
  it('rising consistency (+0.10 per decade) is flagged shrinking in at least 90% of datasets, never growing', () => {
    const counts = flags((x) => 0.45 + 0.1 * (x - 8), 100);
    expect(counts.shrinking / DATASETS).toBeGreaterThanOrEqual(0.9);
    expect(counts.growing).toBe(0);
  });

  it('constant consistency is flagged shrinking or growing in at most 10% (nominal 5%) and stable in at least 70%', () => {
    const counts = flags(() => 0.7, 5000);
    expect((counts.shrinking + counts.growing) / DATASETS).toBeLessThanOrEqual(0.1);
    expect(counts.stable / DATASETS).toBeGreaterThanOrEqual(0.7);
  });
});
