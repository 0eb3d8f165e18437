import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeBrittleness, brittlenessTrend } from './analyze-brittleness.js';
import type { VariantObservation } from './variant-observation.js';

/** Made by fixtures/make_brittleness_reference.py (numpy/scipy), which also drew the index matrix both read. */
const reference = JSON.parse(readFileSync(new URL('./fixtures/brittleness-reference.json', import.meta.url), 'utf8')) as {
  rows: VariantObservation[];
  indexMatrix: number[];
  resamples: number;
  expected: {
    models: Array<Record<string, number | number[]>>;
    slopes: Record<'consistency' | 'strictAccuracy' | 'templateSpread', { estimate: number; bootstrap: [number, number]; residual: [number, number] }>;
  };
};

describe('brittleness measures against an independent numpy reference (same index matrix)', () => {
  const [task] = analyzeBrittleness(reference.rows, { resamples: reference.resamples, seed: 0, delta: 0.05, indexMatrix: Int32Array.from(reference.indexMatrix) });

  it('per model: accuracy per kind, consistency, strict accuracy, template spread, flip rates, position bias and their intervals', () => {
    expect(task!.groups).toBe(40);
    expect(task!.kinds).toEqual(['options', 'labels', 'templates']);
    task!.models.forEach((model, j) => {
      const expected = reference.expected.models[j]!;
      const close = (actual: number | null | undefined, value: number | number[] | undefined): void => expect(actual).toBeCloseTo(value as number, 10);
      close(model.baseAccuracy!.estimate, expected.baseAccuracy);
      close(model.consistency!.estimate, expected.consistency);
      close(model.strictAccuracy!.estimate, expected.strictAccuracy);
      close(model.templateSpread!.estimate, expected.templateSpread);
      for (const kind of ['options', 'labels', 'templates'] as const) {
        close(model.accuracyByKind[kind], expected[`accuracy:${kind}`]);
        close(model.flipRateByKind[kind], expected[`flipRate:${kind}`]);
      }
      const [low, high] = expected.consistencyInterval as number[];
      close(model.consistency!.low, low);
      close(model.consistency!.high, high);
      close(model.strictAccuracy!.low, (expected.strictInterval as number[])[0]);
      close(model.strictAccuracy!.high, (expected.strictInterval as number[])[1]);
      close(model.templateSpread!.low, (expected.spreadInterval as number[])[0]);
      close(model.templateSpread!.high, (expected.spreadInterval as number[])[1]);
      (expected.positionChosen as number[]).forEach((share, p) => close(model.positionBias!.chosen[p], share));
      (expected.positionRight as number[]).forEach((share, p) => close(model.positionBias!.right[p], share));
      close(model.positionBias!.distance, expected.positionDistance);
    });
  });

  it('slopes: the bootstrap percentile and residual intervals, and the wider of the two decides', () => {
    for (const name of ['consistency', 'strictAccuracy', 'templateSpread'] as const) {
      const slope = task!.slopes[name]!;
      const expected = reference.expected.slopes[name];
      expect(slope.estimate).toBeCloseTo(expected.estimate, 10);
      expect(slope.bootstrap!.low).toBeCloseTo(expected.bootstrap[0], 10);
      expect(slope.bootstrap!.high).toBeCloseTo(expected.bootstrap[1], 10);
      expect(slope.residual!.low).toBeCloseTo(expected.residual[0], 8);
      expect(slope.residual!.high).toBeCloseTo(expected.residual[1], 8);
      const widerResidual = expected.residual[1] - expected.residual[0] > expected.bootstrap[1] - expected.bootstrap[0];
      expect(slope.low).toBeCloseTo(widerResidual ? expected.residual[0] : expected.bootstrap[0], 8);
      expect(slope.uncertainty).toBe(widerResidual ? 'between-models' : 'bootstrap');
    }
    expect(task!.brittleness).toBe('shrinking');
  });
});

describe('brittlenessTrend', () => {
  const slope = (low: number, high: number) => ({ estimate: (low + high) / 2, se: 0.01, low, high, uncertainty: 'bootstrap' as const });
  it('reads the consistency slope: above 0 shrinking, below growing, inside ±δ stable, else and below 3 sizes unknown', () => {
    expect(brittlenessTrend(3, slope(0.01, 0.2), slope(0.02, 0.18), 0.05)).toBe('shrinking');
    expect(brittlenessTrend(3, slope(-0.2, -0.01), slope(-0.18, -0.02), 0.05)).toBe('growing');
    expect(brittlenessTrend(3, slope(-0.04, 0.045), slope(-0.03, 0.04), 0.05)).toBe('stable');
    expect(brittlenessTrend(3, slope(-0.1, 0.1), slope(-0.08, 0.08), 0.05)).toBe('unknown');
    expect(brittlenessTrend(2, slope(0.01, 0.2), slope(0.02, 0.18), 0.05)).toBe('unknown');
  });
  it('takes an interval of zero width as no uncertainty: stable only when every model is the same', () => {
    expect(brittlenessTrend(3, slope(0.1, 0.1), slope(0.1, 0.1), 0.05)).toBe('unknown');
    expect(brittlenessTrend(3, slope(0, 0), slope(0, 0), 0.05, true)).toBe('stable');
  });
});
