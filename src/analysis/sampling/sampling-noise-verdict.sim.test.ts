import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import type { ItemLadder } from '../items/item-ladder.js';
import { METRIC } from '../items/model-metrics.js';
import { pairedBootstrap } from '../items/paired-bootstrap.js';
import { pairedSlope } from '../items/paired-slope.js';
import { repeatSampling, type RepeatSample } from './repeat-sampling.js';

// A flat ladder with heavy repeat noise: 4 sizes share every item's true accuracy p_i ~ U(0.2, 0.8);
// each model samples each item K = 5 times (wrong samples pick one of 3 distractors) and the item's
// result is the majority answer, as `scalegap report` combines samples. No size effect exists, so an
// accuracy slope whose 95% interval excludes 0 is sampling noise mistaken for scaling.
describe('repeat noise is not mistaken for scaling (simulation, 200 flat ladders)', () => {
  it('the paired item bootstrap calls a slope in at most 7% of flat ladders (nominal 5%), while repeat noise is most of the variance', () => {
    let called = 0;
    let repeatShare = 0;
    const datasets = 200;
    for (let d = 0; d < datasets; d++) {
      const rng = xoroshiro128plus(7000 + d);
      const uniform = (): number => unsafeUniformIntDistribution(0, 2 ** 30 - 1, rng) / 2 ** 30;
      const items = 300;
      const p = Array.from({ length: items }, () => 0.2 + 0.6 * uniform());
      const models = [1e8, 1e9, 1e10, 1e11].map((params, j) => {
        const perItem: RepeatSample[][] = p.map((pi) => Array.from({ length: 5 }, () => {
          const correct = uniform() < pi;
          return { correct, answer: correct ? 'gold' : `wrong${unsafeUniformIntDistribution(0, 2, rng)}` };
        }));
        if (j === 0) repeatShare += repeatSampling(perItem)!.repeatShare / datasets;
        const majority = perItem.map((samples) => {
          const counts = new Map<string, number>();
          for (const sample of samples) counts.set(sample.answer!, (counts.get(sample.answer!) ?? 0) + 1);
          let best = '';
          for (const [answer, count] of counts) if (best === '' || count > counts.get(best)!) best = answer;
          return best === 'gold' ? 1 : 0;
        });
        return { model: `m${j}`, params, correct: Uint8Array.from(majority), confidence: null, loss: null, methods: [], present: null };
      });
      const ladder: ItemLadder = { task: 't', family: null, itemIds: p.map((_, i) => `i${i}`), models, chance: 0.25, mismatch: null };
      const slope = pairedSlope(pairedBootstrap(ladder, { resamples: 300, seed: d }), 0, METRIC.accuracy)!;
      if (slope.low! > 0 || slope.high! < 0) called++;
    }
    expect(called / datasets).toBeLessThanOrEqual(0.07);
    expect(repeatShare).toBeGreaterThan(0.5);
  });
});
