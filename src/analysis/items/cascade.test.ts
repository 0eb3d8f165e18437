import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateCascade } from './cascade.js';

interface Case {
  itemIds: string[];
  smallCorrect: number[];
  smallConfidence: number[];
  largeCorrect: number[];
  expected: Record<string, number | null>;
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/cascade.json', import.meta.url), 'utf8')) as Case[];

describe('cascade against hashlib + scipy (fixtures/make-cascade.py)', () => {
  it.each(cases.map((c, i) => [i, c] as const))('case %i: threshold by the Clopper–Pearson bound, checked on the held-out half', (_i, c) => {
    const evidence = evaluateCascade({
      itemIds: c.itemIds,
      smallCorrect: Uint8Array.from(c.smallCorrect),
      smallConfidence: Float64Array.from(c.smallConfidence),
      largeCorrect: Uint8Array.from(c.largeCorrect),
      smallCost: 1,
      largeCost: 10,
      margin: 0.03,
    });
    expect(evidence.tau).toBe(c.expected.tau);
    expect(evidence.calibrationItems).toBe(c.expected.calibrationItems);
    expect(evidence.testItems).toBe(c.expected.testItems);
    expect(evidence.calibrationHarmUpper).toBeCloseTo(c.expected.calibrationHarmUpper!, 9);
    expect(evidence.testHarmUpper).toBeCloseTo(c.expected.testHarmUpper!, 9);
    expect(evidence.coverage).toBeCloseTo(c.expected.coverage!, 12);
    expect(evidence.cascadeAccuracy).toBeCloseTo(c.expected.cascadeAccuracy!, 12);
  });
});
