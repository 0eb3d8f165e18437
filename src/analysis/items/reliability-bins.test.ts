import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reliabilityBins } from './reliability-bins.js';

interface Case {
  confidence: number[];
  correct: number[];
  bins: Array<{ confidence: number; accuracy: number; count: number }>;
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/reliability-bins.json', import.meta.url), 'utf8')) as Case[];

describe('reliabilityBins', () => {
  it.each(cases.map((c) => [c.confidence.length, c] as const))('matches numpy (stable argsort, array_split) on %i items', (_n, c) => {
    const bins = reliabilityBins(Uint8Array.from(c.correct), Float64Array.from(c.confidence));
    expect(bins.map((bin) => bin.count)).toEqual(c.bins.map((bin) => bin.count));
    bins.forEach((bin, i) => {
      expect(bin.confidence).toBeCloseTo(c.bins[i]!.confidence, 12);
      expect(bin.accuracy).toBeCloseTo(c.bins[i]!.accuracy, 12);
    });
  });
});
