import { describe, expect, it } from 'vitest';
import { createScratch, METRIC, METRIC_COUNT, modelMetrics, prepareModel } from './model-metrics.js';
import { eceNoiseFloor } from './calibration-summary.js';
import { pairedBootstrap } from './paired-bootstrap.js';
import { pairedSlope } from './paired-slope.js';
import { simulateLadder, uniformSource } from './test-support/simulate-ladder.js';

// Simulations from a known model: item difficulty shifts in ±0.3 around a model accuracy that is
// linear in log10(params) between 0.35 and 0.65 (no clamping), so every model's population
// accuracy, and hence the true slope, is known exactly.
const params = [70e6, 410e6, 2.8e9, 12e9];
const trueSlope = 0.06;
const accuracy = (x: number): number => 0.35 + trueSlope * (x - Math.log10(70e6));

describe('paired item bootstrap (simulation)', () => {
  it('covers the true accuracy slope in at least 94% of 400 simulated datasets (the interval users see)', () => {
    let covered = 0;
    const datasets = 400;
    for (let d = 0; d < datasets; d++) {
      const ladder = simulateLadder({ params, items: 200, accuracy, seed: 1000 + d });
      for (const model of ladder.models) model.confidence = null; // slopes only: keeps the test fast
      const boot = pairedBootstrap(ladder, { resamples: 400, seed: d });
      const slope = pairedSlope(boot, 0, METRIC.accuracy)!;
      // The interval users see and verdicts use: the wider of the bootstrap and residual ones.
      if (slope.low! <= trueSlope && trueSlope <= slope.high!) covered++;
    }
    const coverage = covered / datasets;
    // The wider of two valid 95% intervals covers at least 95%; with 4 sizes (t, df = 2) the
    // residual interval is wide, so coverage runs near 99% — conservative, never below nominal.
    expect(coverage).toBeGreaterThanOrEqual(0.94);
    expect(coverage).toBeLessThanOrEqual(0.997);
  });

  it('uses the wider of the bootstrap and residual intervals and reports both', () => {
    const ladder = simulateLadder({ params: [70e6, 160e6, 410e6, 1e9, 2.8e9], items: 300, accuracy: (x) => 0.5 + 0.02 * Math.sin(7 * x), seed: 9 });
    const boot = pairedBootstrap(ladder, { resamples: 300, seed: 2 });
    const slope = pairedSlope(boot, 0, METRIC.accuracy)!;
    const bootstrapWidth = slope.bootstrap!.high - slope.bootstrap!.low;
    const residualWidth = slope.residual!.high - slope.residual!.low;
    expect(slope.high! - slope.low!).toBeCloseTo(Math.max(bootstrapWidth, residualWidth), 12);
    expect(slope.uncertainty).toBe(residualWidth > bootstrapWidth ? 'between-models' : 'bootstrap');
  });
});

describe('ECE of perfectly calibrated data', () => {
  function meanEce(items: number, runs: number): number {
    let total = 0;
    const random = uniformSource(77 + items);
    for (let run = 0; run < runs; run++) {
      const confidence = Float64Array.from({ length: items }, () => 0.25 + 0.75 * random());
      const correct = Uint8Array.from(confidence, (p) => (random() < p ? 1 : 0));
      const out = new Float64Array(METRIC_COUNT);
      modelMetrics(prepareModel(correct, confidence, null), new Int32Array(items).fill(1), createScratch(items), out, 0);
      total += out[METRIC.ece]!;
    }
    return total / runs;
  }
  it('sits at the noise floor (about 1.07/√n), not at 0', () => {
    for (const items of [100, 1000]) {
      const ece = meanEce(items, 60);
      expect(ece).toBeGreaterThan(0.7 * eceNoiseFloor(items));
      expect(ece).toBeLessThan(1.3 * eceNoiseFloor(items));
    }
  });
});
