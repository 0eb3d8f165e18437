import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forecastTask } from './forecast-task.js';
import { residualResampleMatrix } from './prediction-interval.js';
import { pythiaLadder } from './fixtures/pythia-ladder.js';

interface Reference {
  matrix: number[][];
  lambada_openai: { loss: Record<string, number>; accuracy: Record<string, number>; forecasts: Array<{ params: number; accuracy: number[]; loss: number[] }> };
  arc_easy: { accuracy: Record<string, number>; forecasts: Array<{ params: number; accuracy: number[] }> };
}

// Made by fixtures/make-chained-reference.py (numpy/scipy fits on the same fixed resample matrix).
const reference = JSON.parse(readFileSync(new URL('./fixtures/chained-reference.json', import.meta.url), 'utf8')) as Reference;
const targets = reference.arc_easy.forecasts.map((f) => ({ params: f.params, tokens: null }));
const fixed = Int32Array.from(reference.matrix.flat());
const options = { level: 0.9, resamples: reference.matrix.length, seed: 1, matrix: (k: number) => (k === reference.matrix[0]!.length - 1 ? fixed : residualResampleMatrix(k, 60, 1)) };

describe('forecastTask against numpy/scipy on a fixed resample matrix', () => {
  it('chained method (lambada_openai): loss law, sigmoid and 90% prediction intervals', () => {
    const { points, chance } = pythiaLadder('lambada_openai');
    const { forecasts } = forecastTask(points, chance, targets, options);
    expect(forecasts).toHaveLength(2);
    const fit = forecasts[0]!.fit;
    expect(fit.method).toBe('chained');
    expect(fit.loss!.alpha).toBeCloseTo(reference.lambada_openai.loss.alpha!, 3);
    expect(fit.loss!.E).toBeCloseTo(reference.lambada_openai.loss.E!, 3);
    expect(fit.accuracy.midpointLoss).toBeCloseTo(reference.lambada_openai.accuracy.midpointLoss!, 3);
    expect(fit.accuracy.steepnessPerNat).toBeCloseTo(reference.lambada_openai.accuracy.steepnessPerNat!, 3);
    reference.lambada_openai.forecasts.forEach((expected, i) => {
      const got = forecasts[i]!;
      expect(got.accuracy.estimate).toBeCloseTo(expected.accuracy[0]!, 4);
      expect(got.accuracy.low).toBeCloseTo(expected.accuracy[1]!, 3);
      expect(got.accuracy.high).toBeCloseTo(expected.accuracy[2]!, 3);
      expect(got.loss!.estimate).toBeCloseTo(expected.loss[0]!, 4);
      expect(got.loss!.low).toBeCloseTo(expected.loss[1]!, 3);
      expect(got.loss!.high).toBeCloseTo(expected.loss[2]!, 3);
    });
  });

  it('direct method (arc_easy): line on log10 N and its 90% prediction intervals', () => {
    const { points, chance } = pythiaLadder('arc_easy');
    const { forecasts } = forecastTask(points, chance, targets, options);
    expect(forecasts[0]!.method).toBe('direct');
    expect(forecasts[0]!.fit.accuracy.slopePerDecade).toBeCloseTo(reference.arc_easy.accuracy.slopePerDecade!, 8);
    reference.arc_easy.forecasts.forEach((expected, i) => {
      expect(forecasts[i]!.accuracy.estimate).toBeCloseTo(expected.accuracy[0]!, 8);
      expect(forecasts[i]!.accuracy.low).toBeCloseTo(expected.accuracy[1]!, 8);
      expect(forecasts[i]!.accuracy.high).toBeCloseTo(expected.accuracy[2]!, 8);
      expect(forecasts[i]!.loss).toBeNull();
    });
  });
});
