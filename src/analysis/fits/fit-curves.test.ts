import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitCurves } from './fit-curves.js';

const x = [7.5, 8, 8.5, 9, 9.5, 10];
const sigmoid = (xi: number): number => 0.25 + 0.75 / (1 + Math.exp(-3 * (xi - 8.8)));

describe('fitCurves', () => {
  it('recovers an exact sigmoid in log N and prefers it to a line by AICc', () => {
    const fits = fitCurves({ x, accuracy: x.map(sigmoid), loss: x.map(() => null), chance: 0.25, seed: 1 });
    const fit = fits.find((f) => f.form === 'sigmoid-log')!;
    expect(fit.identified).toBe(true);
    expect(fit.parameters!.midpointLog10Params).toBeCloseTo(8.8, 4);
    expect(fit.parameters!.steepnessPerDecade).toBeCloseTo(3, 3);
    expect(fit.selected).toBe(true);
    expect(fit.extrapolationError!).toBeLessThan(1e-4);
    expect(fit.predictedNextDecade!.estimate).toBeCloseTo(sigmoid(11), 4);
  });

  it('recovers an exact loss power law with E inside [0, min L)', () => {
    const loss = x.map((xi) => 1.5 + 800 * (10 ** xi) ** -0.3);
    const fit = fitCurves({ x, accuracy: x.map(() => null), loss, chance: 0, seed: 1 }).find((f) => f.form === 'power-law')!;
    expect(fit.identified).toBe(true);
    expect(fit.parameters!.E).toBeCloseTo(1.5, 3);
    expect(fit.parameters!.alpha).toBeCloseTo(0.3, 3);
    expect(fit.parameters!.A! / 800).toBeCloseTo(1, 2);
    expect(fit.predictedNextDecade!.estimate).toBeCloseTo(1.5 + 800 * (1e11) ** -0.3, 4);
  });

  it('one decade up is a prediction interval for a new model: the exact OLS one for the line', () => {
    // scipy: est ± t(0.975, 4)·s·√(1 + 1/k + (x* − x̄)²/Sxx) (numpy.polyfit, scipy.stats.t.ppf).
    const accuracy = [0.31, 0.335, 0.37, 0.4, 0.415, 0.46];
    const linear = fitCurves({ x, accuracy, loss: x.map(() => null), chance: 0.25, seed: 1 }).find((f) => f.form === 'linear-log')!;
    expect(linear.predictedNextDecade!.estimate).toBeCloseTo(0.5128095238095236, 10);
    expect(linear.predictedNextDecade!.low).toBeCloseTo(0.4851788659538071, 6);
    expect(linear.predictedNextDecade!.high).toBeCloseTo(0.5404401816652401, 6);
  });

  it('never extrapolates a falling accuracy', () => {
    const accuracy = x.map((xi) => 0.7 - 0.05 * (xi - 7.5) + (xi === 9 ? 0.01 : 0));
    const fits = fitCurves({ x, accuracy, loss: x.map(() => null), chance: 0.25, seed: 1 });
    const linear = fits.find((f) => f.form === 'linear-log')!;
    expect(linear.predictedNextDecade).toBeNull();
    expect(linear.note).toMatch(/not extrapolated/);
    expect(fits.find((f) => f.form === 'sigmoid-log')!.predictedNextDecade).toBeNull();
  });

  it('says "not identified" for a sigmoid the sizes cannot pin down', () => {
    const accuracy = [0.26, 0.25, 0.27, 0.26, 0.25, 0.26];
    const fit = fitCurves({ x, accuracy, loss: x.map(() => null), chance: 0.25, seed: 1 }).find((f) => f.form === 'sigmoid-log')!;
    expect(fit.identified).toBe(false);
    expect(fit.note).toMatch(/^not identified/);
    expect(fit.parameters).toBeNull();
  });

  it('fits nothing below 5 sizes', () => {
    expect(fitCurves({ x: x.slice(0, 4), accuracy: x.slice(0, 4).map(sigmoid), loss: [3, 2.8, 2.6, 2.5], chance: 0.25, seed: 1 })).toEqual([]);
  });
});

describe('linear fit against textbook formulas (fixtures/make-fit-reference.py)', () => {
  const reference = JSON.parse(readFileSync(new URL('./fixtures/fit-reference.json', import.meta.url), 'utf8')) as {
    x: number[]; accuracy: number[]; aicc: number; aic: number; predicted: number; low: number; high: number;
  };
  const linear = fitCurves({ x: reference.x, accuracy: reference.accuracy, loss: reference.x.map(() => null), chance: 0.25, seed: 1 }).find((f) => f.form === 'linear-log')!;

  it('scores the fit by AICc (small-sample corrected), not AIC', () => {
    expect(linear.aicc).toBeCloseTo(reference.aicc, 9);
    expect(Math.abs(linear.aicc! - reference.aic)).toBeGreaterThan(1);
  });

  it('gives the next decade a t (df = k − 2) interval, not a normal one', () => {
    expect(linear.predictedNextDecade!.estimate).toBeCloseTo(reference.predicted, 9);
    expect(linear.predictedNextDecade!.low).toBeCloseTo(reference.low, 6);
    expect(linear.predictedNextDecade!.high).toBeCloseTo(reference.high, 6);
  });
});
