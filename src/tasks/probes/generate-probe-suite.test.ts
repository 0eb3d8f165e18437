import { describe, expect, it } from 'vitest';
import { generateProbeSuite } from './generate-probe-suite.js';
import { DIFFICULTIES, PROBE_TYPES } from './probe-case.js';
import { serializeTaskItem } from '../serialize-task-item.js';
import { answerPositionCounts, itemProblems } from './test-support/check-suite.js';

const SEED = 20261126;

describe.each(PROBE_TYPES)('%s probes', (type) => {
  describe.each(DIFFICULTIES)('difficulty %i, 1,000 multiple-choice items', (difficulty) => {
    const items = generateProbeSuite({ type, n: 1000, seed: SEED, difficulty, format: 'mc' });

    it('the independent solver re-derives every answer; exactly one choice is correct; choices are distinct', () => {
      const problems = items.flatMap((item) => itemProblems(type, item));
      expect(problems.slice(0, 5)).toEqual([]);
    });

    it('puts the answer at each of the 4 positions 25% ± 5% of the time', () => {
      for (const count of answerPositionCounts(items)) expect(Math.abs(count / items.length - 0.25)).toBeLessThanOrEqual(0.05);
    });

    it('gives unique ids and records type, difficulty and seed', () => {
      expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      for (const item of items) expect(item.meta).toMatchObject({ type, difficulty, seed: SEED });
    });
  });

  it('free-form items carry the answer the solver derives, matched numerically or exactly', () => {
    for (const difficulty of DIFFICULTIES) {
      const items = generateProbeSuite({ type, n: 200, seed: SEED + 1, difficulty, format: 'free' });
      expect(items.flatMap((item) => itemProblems(type, item)).slice(0, 5)).toEqual([]);
    }
  });

  it('is byte-identical for the same seed, different for another, and a longer suite extends a shorter one', () => {
    const text = (n: number, seed: number): string => generateProbeSuite({ type, n, seed, format: 'mc' }).map(serializeTaskItem).join('\n');
    expect(text(60, 5)).toBe(text(60, 5));
    expect(text(60, 5)).not.toBe(text(60, 6));
    expect(text(120, 5).startsWith(text(60, 5))).toBe(true);
  });

  it('repeats no question in a 50-item suite at any difficulty', () => {
    for (const difficulty of DIFFICULTIES) {
      const items = generateProbeSuite({ type, n: 50, seed: SEED, difficulty, format: 'free' });
      expect(new Set(items.map((item) => (item.kind === 'free' ? item.prompt : item.question))).size).toBe(50);
    }
  });
});
