import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { letterLogprobs, optionOutcome, type OptionOutcome } from './option-outcome.js';

interface Case extends OptionOutcome {
  optionLogprobs: number[];
  gold: number;
  optionBytes: number[];
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/option-outcome.json', import.meta.url), 'utf8')) as Case[];

describe('optionOutcome', () => {
  it('matches numpy/scipy on 40 random option distributions (fixtures/make-option-outcome.py)', () => {
    for (const c of cases) {
      const got = optionOutcome(c.optionLogprobs, c.gold, c.optionBytes);
      expect(got.chosen).toBe(c.chosen);
      expect(got.correct).toBe(c.correct);
      expect(got.correctNorm).toBe(c.correctNorm);
      expect(got.confidence).toBeCloseTo(c.confidence, 12);
      expect(got.loss).toBeCloseTo(c.loss, 12);
      expect(got.goldLogprob).toBe(c.goldLogprob);
      expect(got.optionMass).toBeCloseTo(c.optionMass, 12);
    }
  });

  it('rejects a gold index outside the options', () => {
    expect(() => optionOutcome([-1, -2], 2)).toThrow(RangeError);
  });
});

describe('letterLogprobs', () => {
  it('sums the probability of spellings of one letter and ignores other tokens', () => {
    const got = letterLogprobs([{ token: ' B', logprob: Math.log(0.3) }, { token: 'B', logprob: Math.log(0.2) }, { token: 'A', logprob: Math.log(0.1) }, { token: 'Z', logprob: Math.log(0.4) }], 3);
    expect(Math.exp(got[0]!)).toBeCloseTo(0.1, 12);
    expect(Math.exp(got[1]!)).toBeCloseTo(0.5, 12);
    expect(got[2]).toBe(-Infinity);
  });
});
