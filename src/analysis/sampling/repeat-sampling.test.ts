import { readFileSync } from 'node:fs';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { repeatSampling, type RepeatSample } from './repeat-sampling.js';

/** Made by fixtures/make_repeat_reference.py (numpy/scipy). */
const reference = JSON.parse(readFileSync(new URL('./fixtures/repeat-reference.json', import.meta.url), 'utf8')) as {
  correct: number[][];
  answers: string[][];
  expected: Record<string, number | number[]>;
};

describe('repeatSampling', () => {
  it('matches the numpy reference: pass@k, majority vote, the ANOVA variance components and the SE', () => {
    const perItem = reference.correct.map((row, i) => row.map((value, s) => ({ correct: value === 1, answer: reference.answers[i]![s]! })));
    const result = repeatSampling(perItem)!;
    for (const key of ['meanAccuracy', 'majorityAccuracy', 'repeatVariance', 'itemVariance', 'repeatShare', 'se'] as const) {
      expect(result[key], key).toBeCloseTo(reference.expected[key] as number, 12);
    }
    (reference.expected.passAtK as number[]).forEach((value, k) => expect(result.passAtK[k]).toBeCloseTo(value, 12));
    expect(repeatSampling([[{ correct: true, answer: 'a' }]])).toBeNull();
  });

  it('recovers known item and repeat variances (p_i ~ Beta(2, 3): σ²_item = 0.04, σ²_rep = E[p(1 − p)] = 0.2)', () => {
    // Beta(2, 3) as the second-smallest of 4 uniforms (order statistic U(2:4)).
    const rng = xoroshiro128plus(99);
    const uniform = (): number => unsafeUniformIntDistribution(0, 2 ** 30 - 1, rng) / 2 ** 30;
    const estimates = Array.from({ length: 10 }, () => {
      const perItem: RepeatSample[][] = Array.from({ length: 2000 }, () => {
        const p = [uniform(), uniform(), uniform(), uniform()].sort((a, b) => a - b)[1]!;
        return Array.from({ length: 6 }, () => { const correct = uniform() < p; return { correct, answer: correct ? 'gold' : 'wrong' }; });
      });
      return repeatSampling(perItem)!;
    });
    const mean = (key: 'itemVariance' | 'repeatVariance' | 'meanAccuracy'): number => estimates.reduce((sum, e) => sum + e[key], 0) / estimates.length;
    expect(mean('meanAccuracy')).toBeCloseTo(0.4, 2);
    expect(Math.abs(mean('itemVariance') - 0.04)).toBeLessThan(0.003);
    expect(Math.abs(mean('repeatVariance') - 0.2)).toBeLessThan(0.003);
    // the SE of the mean accuracy includes both levels: its average is close to the spread of the estimates over datasets
    const spread = Math.sqrt(estimates.reduce((sum, e) => sum + (e.meanAccuracy - mean('meanAccuracy')) ** 2, 0) / (estimates.length - 1));
    const se = estimates.reduce((sum, e) => sum + e.se, 0) / estimates.length;
    expect(se).toBeCloseTo(Math.sqrt((0.04 + 0.2 / 6) / 2000), 3);
    expect(spread / se).toBeGreaterThan(0.5);
    expect(spread / se).toBeLessThan(1.6);
  });
});
