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
  it.each(cases.map((c) => [c.confidence.length, c] as const))('matches the HELM equal-mass bins (ties kept together) on %i items', (_n, c) => {
    const bins = reliabilityBins(Uint8Array.from(c.correct), Float64Array.from(c.confidence));
    expect(bins.map((bin) => bin.count)).toEqual(c.bins.map((bin) => bin.count));
    bins.forEach((bin, i) => {
      expect(bin.confidence).toBeCloseTo(c.bins[i]!.confidence, 12);
      expect(bin.accuracy).toBeCloseTo(c.bins[i]!.accuracy, 12);
    });
  });
});

describe('tied confidences (issue 12, rule 5)', () => {
  it('give the same bins and the same metrics whatever the order of the rows', async () => {
    const { createScratch, METRIC_COUNT, modelMetrics, prepareModel } = await import('./model-metrics.js');
    const n = 230;
    const confidence = Float64Array.from({ length: n }, (_, i) => Math.round(((i * 37) % 11) / 10 * 10) / 10);
    const correct = Uint8Array.from({ length: n }, (_, i) => ((i * 7) % 5 < 3 ? 1 : 0));
    const permutation = Array.from({ length: n }, (_, i) => (i * 101) % n);
    const shuffledConfidence = Float64Array.from(permutation, (i) => confidence[i]!);
    const shuffledCorrect = Uint8Array.from(permutation, (i) => correct[i]!);
    expect(reliabilityBins(shuffledCorrect, shuffledConfidence)).toEqual(reliabilityBins(correct, confidence));
    const metrics = (y: Uint8Array, f: Float64Array): number[] => {
      const out = new Float64Array(METRIC_COUNT);
      modelMetrics(prepareModel(y, f, null), new Int32Array(n).fill(1), createScratch(n), out, 0);
      return Array.from(out, (value) => (Number.isNaN(value) ? -1 : Math.round(value * 1e12) / 1e12));
    };
    expect(metrics(shuffledCorrect, shuffledConfidence)).toEqual(metrics(correct, confidence));
  });
});
