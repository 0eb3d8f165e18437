import { describe, expect, it } from 'vitest';
import { fitLossLaw } from './loss-law.js';
import { forecastTask } from './forecast-task.js';

const sizes = [1e8, 3e8, 1e9, 3e9, 1e10];
const tokens = [2e10, 1e11, 5e11];
const grid = sizes.flatMap((n) => tokens.map((d) => ({ n, d })));
const law = (n: number, d: number): number => 1.6 + 420 * n ** -0.32 + 900 * d ** -0.27;

describe('fitLossLaw', () => {
  it('recovers an exact L(N) = E + A/N^α', () => {
    const params = [7e7, 1.6e8, 4e8, 1e9, 1.4e9, 2.8e9];
    const fit = fitLossLaw(params, params.map((n) => 1.2 + 1.3e5 * n ** -0.58))!;
    expect(fit.problem).toBeNull();
    expect(fit.E).toBeCloseTo(1.2, 4);
    expect(fit.alpha).toBeCloseTo(0.58, 4);
    expect(fit.A / 1.3e5).toBeCloseTo(1, 3);
    expect(fit.B).toBeNull();
  });

  it('recovers an exact L(N, D) = E + A/N^α + B/D^β from a grid of sizes and token counts', () => {
    const fit = fitLossLaw(grid.map((p) => p.n), grid.map((p) => law(p.n, p.d)), grid.map((p) => p.d))!;
    expect(fit.problem).toBeNull();
    expect(fit.alpha).toBeCloseTo(0.32, 3);
    expect(fit.beta!).toBeCloseTo(0.27, 3);
    expect(fit.E).toBeCloseTo(1.6, 2);
    expect(fit.predict(7e10, 1.5e13)).toBeCloseTo(law(7e10, 1.5e13), 3);
  });

  it('says why when the loss does not fall with size', () => {
    const params = [1e8, 3e8, 1e9, 3e9, 1e10];
    expect(fitLossLaw(params, [2, 2.1, 2.2, 2.3, 2.4])!.problem).toBe('the loss does not fall with size');
  });
});

describe('forecastTask with training tokens', () => {
  const points = grid.map((p, i) => ({ model: `m${i}`, params: p.n, tokens: p.d, loss: law(p.n, p.d), accuracy: 0.1 + 0.8 / (1 + Math.exp(-2 * (2.6 - law(p.n, p.d)))) }));

  it('uses D in the loss law when tokens vary, and needs them for every target', () => {
    const { forecasts, note } = forecastTask(points, 0, [{ params: 7e10, tokens: 1.5e13 }, { params: 7e10, tokens: null }], { level: 0.9, resamples: 100, seed: 1 });
    expect(forecasts).toHaveLength(1);
    expect(forecasts[0]!.fit.loss).toEqual(expect.objectContaining({ B: expect.any(Number), beta: expect.any(Number) }));
    expect(forecasts[0]!.loss!.estimate).toBeCloseTo(law(7e10, 1.5e13), 2);
    expect(note).toContain('no forecast at 70B: the loss law uses training tokens');
  });

  it('says the tokens asked for are not used when they cannot be', () => {
    const constant = points.map((p) => ({ ...p, tokens: 3e11 }));
    const { forecasts } = forecastTask(constant, 0, [{ params: 7e10, tokens: 1.5e13 }], { level: 0.9, resamples: 100, seed: 1 });
    expect(forecasts[0]!.fit.loss).not.toHaveProperty('B');
    expect(forecasts[0]!.notes.join(' ')).toContain('do not vary enough');
  });
});
