import { describe, expect, it } from 'vitest';
import { forecastTask } from './forecast-task.js';
import type { LadderPoint } from './ladder-curve.js';
import { gaussianSource } from './test-support/gaussian-source.js';

// Simulated ladders of six models (Pythia's sizes, 70M–2.8B) around a known curve with scatter of
// whole models; the forecast's 90% prediction interval at a larger size must cover the true
// accuracy of a NEW model there (the curve plus that model's own scatter) in 85–95% of ladders.
const sizes = [70e6, 160e6, 410e6, 1e9, 1.4e9, 2.8e9];
const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

function coverage(ladders: number, resamples: number, target: number, draw: (n: number, normal: () => number) => { accuracy: number; loss: number | null }): number {
  let covered = 0;
  for (let s = 0; s < ladders; s++) {
    const normal = gaussianSource(7000 + s);
    const points: LadderPoint[] = sizes.map((params, i) => ({ model: `m${i}`, params, tokens: null, ...draw(params, normal) }));
    const truth = draw(target, normal).accuracy;
    const { forecasts } = forecastTask(points, 0, [{ params: target, tokens: null }], { level: 0.9, resamples, seed: s + 1 });
    const forecast = forecasts[0];
    if (forecast && forecast.accuracy.low <= truth && truth <= forecast.accuracy.high) covered++;
  }
  return covered / ladders;
}

describe('forecast prediction interval (simulation)', () => {
  it('direct method: covers a new model one decade up in 85–95% of 300 ladders', () => {
    const rate = coverage(300, 200, 28e9, (n, normal) => ({ accuracy: 0.3 + 0.08 * (Math.log10(n) - 8) + 0.02 * normal(), loss: null }));
    expect(rate).toBeGreaterThanOrEqual(0.85);
    expect(rate).toBeLessThanOrEqual(0.95);
  });

  it('chained method: covers a new model at 12B in 85–95% of 150 ladders', () => {
    // Close to the Pythia lambada_openai fit: L = 1.15 + 131575·N^−0.578, accuracy = logistic(0.63·(2.52 − L)).
    const rate = coverage(150, 100, 12e9, (n, normal) => {
      const loss = 1.15 + 131575 * n ** -0.578 + 0.05 * normal();
      return { loss, accuracy: logistic(0.63 * (2.52 - loss)) + 0.01 * normal() };
    });
    expect(rate).toBeGreaterThanOrEqual(0.85);
    expect(rate).toBeLessThanOrEqual(0.95);
  });
});
