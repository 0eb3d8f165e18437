import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benjaminiHochbergAdjusted, holmAdjusted } from './adjust-verdicts.js';

const cases = JSON.parse(readFileSync(new URL('./fixtures/multiplicity.json', import.meta.url), 'utf8')) as Array<{ p: number[]; holm: number[]; bh: number[] }>;

describe('adjusted p-values against scipy and the step-down definition (fixtures/make_multiplicity.py)', () => {
  it.each(cases.map((entry, i) => [i, entry] as const))('case %i', (_i, entry) => {
    holmAdjusted(entry.p).forEach((value, i) => expect(value).toBeCloseTo(entry.holm[i]!, 12));
    benjaminiHochbergAdjusted(entry.p).forEach((value, i) => expect(value).toBeCloseTo(entry.bh[i]!, 12));
  });
});
