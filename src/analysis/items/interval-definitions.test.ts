import { describe, expect, it } from 'vitest';
import { analyzeItems } from './analyze-items.js';
import { METRIC, METRIC_COUNT } from './model-metrics.js';
import { pairedBootstrap } from './paired-bootstrap.js';
import { simulateLadder } from './test-support/simulate-ladder.js';

// Each interval users see is recomputed here from its definition: numpy's default percentile
// (linear interpolation, "type 7") of the bootstrap draws, and t quantiles from scipy
// (stats.t.ppf(0.975, 3) = 3.18244630528, stats.t.ppf(0.95, 3) = 2.35336343480). A rule changed
// in the code (80% for 90%, z for t, basic for percentile, 90% for 95%, no bias shift) fails here.
const T975_DF3 = 3.1824463052837078;
const T95_DF3 = 2.3533634348018233;

function numpyPercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (q / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

function residualSe(x: number[], y: number[]): { slope: number; se: number } {
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  const sxx = x.reduce((sum, xi) => sum + (xi - mx) ** 2, 0);
  const slope = x.reduce((sum, xi, i) => sum + (xi - mx) * (y[i]! - my), 0) / sxx;
  const rss = x.reduce((sum, xi, i) => sum + (y[i]! - my - slope * (xi - mx)) ** 2, 0);
  return { slope, se: Math.sqrt(rss / (x.length - 2) / sxx) };
}

const wider = (a: [number, number], b: [number, number]): [number, number] => (b[1] - b[0] > a[1] - a[0] ? b : a);

describe.each([
  ['model scatter dominates', (x: number) => 0.45 + 0.03 * (x - 8) + 0.04 * Math.sin(5 * x), 400],
  ['item noise dominates', (x: number) => 0.45 + 0.03 * (x - 8), 150],
])('intervals users see, by their definitions (%s)', (_name, accuracy, items) => {
  const ladder = simulateLadder({ params: [1e8, 4e8, 2e9, 9e9, 4e10], items, accuracy, seed: 31, overconfidence: 0.08 });
  const options = { resamples: 500, seed: 5 };
  const [task] = analyzeItems([ladder], options).tasks;
  const boot = pairedBootstrap(ladder, options);
  const x = ladder.models.map((model) => Math.log10(model.params));
  const pointAccuracy = ladder.models.map((model) => model.correct.reduce((a, b) => a + b, 0) / items);
  const slopeDraws = Array.from({ length: options.resamples }, (_, b) => boot.slopeDraws[b * 4]!);
  const { slope, se } = residualSe(x, pointAccuracy);
  const accuracySlope = task!.slopes.accuracy!;

  it('reports the percentile (not basic) bootstrap interval and the t (not z) residual interval', () => {
    expect(accuracySlope.estimate).toBeCloseTo(slope, 12);
    expect(accuracySlope.bootstrap!.low).toBeCloseTo(numpyPercentile(slopeDraws, 2.5), 12);
    expect(accuracySlope.bootstrap!.high).toBeCloseTo(numpyPercentile(slopeDraws, 97.5), 12);
    expect(accuracySlope.residual!.low).toBeCloseTo(slope - T975_DF3 * se, 12);
    expect(accuracySlope.residual!.high).toBeCloseTo(slope + T975_DF3 * se, 12);
  });

  it('decides on the wider of the two at 95%, and on the wider of the two 90% intervals for flatness', () => {
    const at95 = wider([numpyPercentile(slopeDraws, 2.5), numpyPercentile(slopeDraws, 97.5)], [slope - T975_DF3 * se, slope + T975_DF3 * se]);
    expect(accuracySlope.low).toBeCloseTo(at95[0], 12);
    expect(accuracySlope.high).toBeCloseTo(at95[1], 12);
    const at90 = wider([numpyPercentile(slopeDraws, 5), numpyPercentile(slopeDraws, 95)], [slope - T95_DF3 * se, slope + T95_DF3 * se]);
    expect(accuracySlope.interval90!.low).toBeCloseTo(at90[0], 12);
    expect(accuracySlope.interval90!.high).toBeCloseTo(at90[1], 12);
  });

  it('bounds the non-inferiority difference at the 95th percentile of the paired differences', () => {
    const steps = task!.recommendation.evidence!.nonInferiority as Array<{ model: string; upperBound: number }>;
    expect(steps.length).toBeGreaterThan(0);
    const best = ladder.models.findIndex((model) => model.model === task!.recommendation.evidence!.best);
    const first = ladder.models.findIndex((model) => model.model === steps[0]!.model);
    const differences = Array.from({ length: options.resamples }, (_, b) => {
      const base = b * ladder.models.length * METRIC_COUNT;
      return boot.draws[base + best * METRIC_COUNT + METRIC.accuracy]! - boot.draws[base + first * METRIC_COUNT + METRIC.accuracy]!;
    });
    expect(steps[0]!.upperBound).toBeCloseTo(numpyPercentile(differences, 95), 12);
  });
});
