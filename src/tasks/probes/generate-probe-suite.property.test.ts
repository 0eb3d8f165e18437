import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeTaskItem } from '../serialize-task-item.js';
import { generateProbeSuite } from './generate-probe-suite.js';
import { DIFFICULTIES, PROBE_TYPES } from './probe-case.js';
import { answerPositionCounts, itemProblems } from './test-support/check-suite.js';

const arbitraryOptions = fc.record({
  type: fc.constantFrom(...PROBE_TYPES),
  seed: fc.oneof(fc.nat(), fc.maxSafeNat()),
  difficulty: fc.option(fc.constantFrom(...DIFFICULTIES), { nil: undefined }),
  format: fc.constantFrom('mc' as const, 'free' as const),
  n: fc.integer({ min: 1, max: 24 }),
});

describe('probe suites over random seeds and difficulties', () => {
  it('are sound: solver agrees, one correct choice, distinct choices, unique ids', () => {
    fc.assert(
      fc.property(arbitraryOptions, (options) => {
        const items = generateProbeSuite(options);
        expect(items).toHaveLength(options.n);
        expect(items.flatMap((item) => itemProblems(options.type, item))).toEqual([]);
        expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
        for (const item of items) expect(item.meta?.['difficulty']).toBe(options.difficulty ?? Number(item.id.slice(-4)) % 5 + 1);
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it('are deterministic and balance answer positions in every block of 4', () => {
    fc.assert(
      fc.property(arbitraryOptions, (options) => {
        const mc = { ...options, format: 'mc' as const, n: options.n * 4 };
        const first = generateProbeSuite(mc);
        expect(generateProbeSuite(mc).map(serializeTaskItem)).toEqual(first.map(serializeTaskItem));
        for (const count of answerPositionCounts(first)) expect(count).toBe(options.n);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
