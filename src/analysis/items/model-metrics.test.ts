import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clopperPearson } from './clopper-pearson.js';
import { createScratch, METRIC, METRIC_COUNT, modelMetrics, prepareModel, type MetricName } from './model-metrics.js';
import { pairedBootstrap, percentileInterval } from './paired-bootstrap.js';
import type { ItemLadder } from './item-ladder.js';

interface Fixture {
  calibration: Array<{ name: string; correct: number[]; confidence: number[]; loss: number[]; expected: Record<string, number> }>;
  clopperPearson: Array<{ successes: number; trials: number; alpha: number; lower: number; upper: number }>;
  bootstrap: {
    models: Array<{ model: string; params: number; correct: number[]; confidence: number[]; loss: number[] }>;
    index: number[][];
    resamples: number;
    slopes: Record<string, number[]>;
    percentile95: Record<string, [number, number]>;
    ece: number[][];
    auroc: number[][];
    aurc: number[][];
    brierReliability: number[][];
  };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/item-metrics.json', import.meta.url), 'utf8')) as Fixture;

function pointMetrics(correct: number[], confidence: number[], loss: number[]): Float64Array {
  const model = prepareModel(Uint8Array.from(correct), Float64Array.from(confidence), Float64Array.from(loss));
  const out = new Float64Array(METRIC_COUNT);
  modelMetrics(model, new Int32Array(correct.length).fill(1), createScratch(correct.length), out, 0);
  return out;
}

describe('calibration metrics against numpy/scipy', () => {
  for (const testCase of fixture.calibration) {
    it(`matches on the "${testCase.name}" data`, () => {
      const out = pointMetrics(testCase.correct, testCase.confidence, testCase.loss);
      const exact: MetricName[] = ['accuracy', 'confidence', 'gap', 'loss', 'ece', 'eceEqualWidth', 'brier', 'brierReliability', 'brierResolution', 'brierUncertainty', 'auroc', 'aurc', 'selectiveAccuracy50', 'selectiveAccuracy80'];
      for (const name of exact) expect(out[METRIC[name]], name).toBeCloseTo(testCase.expected[name]!, 10);
      // smooth ECE: the TypeScript spreads mass onto a 201-point grid, the reference sums exactly
      expect(Math.abs(out[METRIC.smoothEce]! - testCase.expected.smoothEce!)).toBeLessThan(1e-4);
    });
  }
});

describe('clopperPearson', () => {
  it('matches scipy.stats.beta.ppf', () => {
    for (const row of fixture.clopperPearson) {
      const bounds = clopperPearson(row.successes, row.trials, row.alpha);
      expect(bounds.lower).toBeCloseTo(row.lower, 9);
      expect(bounds.upper).toBeCloseTo(row.upper, 9);
    }
  });
});

describe('pairedBootstrap with a fixed index matrix', () => {
  const data = fixture.bootstrap;
  const ladder: ItemLadder = {
    task: 't',
    family: null,
    itemIds: data.models[0]!.correct.map((_, i) => `i${i}`),
    mismatch: null,
    chance: null,
    models: data.models.map((model) => ({
      model: model.model,
      params: model.params,
      correct: Uint8Array.from(model.correct),
      confidence: Float64Array.from(model.confidence),
      loss: Float64Array.from(model.loss),
      methods: [],
      present: null,
    })),
  };
  const result = pairedBootstrap(ladder, { resamples: data.resamples, seed: 0, indexMatrix: Int32Array.from(data.index.flat()) });
  it('refits the four OLS slopes on every resample as numpy does', () => {
    (['accuracy', 'loss', 'confidence', 'gap'] as const).forEach((name, s) => {
      for (let b = 0; b < data.resamples; b++) expect(result.slopeDraws[b * 4 + s]).toBeCloseTo(data.slopes[name]![b]!, 10);
      const interval = percentileInterval(result.slopeDraws, data.resamples, 4, s, 0.95)!;
      expect(interval.low).toBeCloseTo(data.percentile95[name]![0], 10);
      expect(interval.high).toBeCloseTo(data.percentile95[name]![1], 10);
    });
  });
  it('computes the calibration metrics of every resample as numpy does on the resampled arrays', () => {
    const k = data.models.length;
    for (let j = 0; j < k; j++) {
      for (let b = 0; b < data.resamples; b++) {
        const base = (b * k + j) * METRIC_COUNT;
        expect(result.draws[base + METRIC.ece]).toBeCloseTo(data.ece[j]![b]!, 10);
        expect(result.draws[base + METRIC.auroc]).toBeCloseTo(data.auroc[j]![b]!, 10);
        expect(result.draws[base + METRIC.aurc]).toBeCloseTo(data.aurc[j]![b]!, 10);
        expect(result.draws[base + METRIC.brierReliability]).toBeCloseTo(data.brierReliability[j]![b]!, 10);
      }
    }
  });
});
