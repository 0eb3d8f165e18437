import { describe, expect, it } from 'vitest';
import { analyzeItems } from './analyze-items.js';
import type { ItemLadder, LadderModel } from './item-ladder.js';
import { uniformSource } from './test-support/simulate-ladder.js';

const items = 1000;
const ids = Array.from({ length: items }, (_, i) => `item-${i}`);
const model = (name: string, params: number, correct: (i: number) => boolean, confidence: (i: number) => number): LadderModel => ({
  model: name,
  params,
  correct: Uint8Array.from(ids, (_, i) => (correct(i) ? 1 : 0)),
  confidence: Float64Array.from(ids, (_, i) => confidence(i)),
  loss: null,
  methods: [],
  present: null,
});
const ladder = (models: LadderModel[]): ItemLadder => ({ task: 't', family: null, itemIds: ids, models, chance: 0.25, mismatch: null });

describe('recommendation on item data', () => {
  it('picks the smallest model non-inferior to the best, testing largest to smallest', () => {
    const random = uniformSource(5);
    const noise = ids.map(() => random());
    const result = analyzeItems([ladder([
      model('xs', 1e8, (i) => noise[i]! < 0.3, () => 0.5),
      model('s', 1e9, (i) => noise[i]! < 0.45, () => 0.5),
      model('m', 1e10, (i) => noise[i]! < 0.8, () => 0.5),
      model('l', 1e11, (i) => noise[i]! < 0.81, () => 0.5),
    ])], { resamples: 400 });
    const recommendation = result.tasks[0]!.recommendation;
    expect(recommendation.model).toBe('m');
    const order = recommendation.evidence!.nonInferiority as Array<{ model: string; upperBound: number; passed: boolean }>;
    expect(order.map((row) => [row.model, row.passed])).toEqual([['m', true], ['s', false]]);
    // m is right exactly where l is, except on the 1% of items l alone gets: the paired bound is tight.
    expect(order[0]!.upperBound).toBeGreaterThan(0.01);
    expect(order[0]!.upperBound).toBeLessThan(0.02);
  });

  it('recommends a confidence cascade when the small model knows when it is right', () => {
    const result = analyzeItems([ladder([
      model('small', 1e8, (i) => i % 10 < 6, (i) => (i % 10 < 6 ? 0.95 : 0.3)),
      model('mid', 1e9, (i) => i % 20 < 15, () => 0.6),
      model('large', 1e10, (i) => i % 10 < 9, () => 0.8),
    ])], { resamples: 400 });
    const recommendation = result.tasks[0]!.recommendation;
    expect(recommendation.action).toBe('hybrid');
    expect(recommendation.model).toBe('small');
    const cascade = recommendation.evidence!.cascade as { tau: number; coverage: number; testHarmUpper: number; nonInferior: boolean; cheaper: boolean };
    expect(cascade.tau).toBe(0.95);
    expect(cascade.coverage).toBeGreaterThan(0.5);
    expect(cascade.testHarmUpper).toBeLessThan(0.03);
    expect(recommendation.reason).toMatch(/^Cascade: let small/);
  });

  it('refuses to route on a confidence whose AUROC CI includes 0.5', () => {
    const result = analyzeItems([ladder([
      model('small', 1e8, (i) => i % 10 < 6, () => 0.7),
      model('mid', 1e9, (i) => i % 20 < 15, () => 0.7),
      model('large', 1e10, (i) => i % 10 < 9, () => 0.8),
    ])], { resamples: 400 });
    const recommendation = result.tasks[0]!.recommendation;
    expect(recommendation.action).not.toBe('hybrid');
    const tried = recommendation.evidence!.cascade as Array<{ small: string; refused?: string }>;
    expect(tried.find((entry) => entry.small === 'small')!.refused).toMatch(/AUROC/);
  });
});
