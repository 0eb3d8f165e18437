import { describe, expect, it } from 'vitest';
import { calibrationSummary } from './calibration-summary.js';
import type { ItemLadder } from './item-ladder.js';
import { METRIC, METRIC_COUNT } from './model-metrics.js';
import { pairedBootstrap } from './paired-bootstrap.js';
import { uniformSource } from './test-support/simulate-ladder.js';

// One model with n items; confidences uniform on [0.25, 1), outcomes drawn from confidence + shift
// (shift 0: perfectly calibrated by construction).
function oneModel(items: number, shift: number, seed: number): ItemLadder {
  const random = uniformSource(seed);
  const confidence = Float64Array.from({ length: items }, () => 0.25 + 0.75 * random());
  const correct = Uint8Array.from(confidence, (c) => (random() < Math.min(1, Math.max(0, c + shift)) ? 1 : 0));
  const model = { model: 'm', params: 1e9, correct, confidence, loss: null, methods: [], present: null };
  return { task: 't', family: null, itemIds: Array.from({ length: items }, (_, i) => `q${i}`), models: [model], chance: 0.25, mismatch: null };
}

describe('ECE-type intervals (issue 12, rule 4)', () => {
  it('reach 0 for about 95% of perfectly calibrated models (test against the perfect-calibration null)', () => {
    const models = 40;
    const reaches = { ece: 0, eceEqualWidth: 0, smoothEce: 0, brierReliability: 0 };
    for (let m = 0; m < models; m++) {
      const ladder = oneModel(1000, 0, 500 + m);
      const summary = calibrationSummary(pairedBootstrap(ladder, { resamples: 200, seed: m }), 0, m)!;
      for (const key of Object.keys(reaches) as Array<keyof typeof reaches>) if (summary[key]!.low === 0) reaches[key]++;
    }
    // Before: 0 of 60 reached 0. A valid 5% test keeps at least ~95% (binomial sd ≈ 3.4% at 40).
    for (const count of Object.values(reaches)) expect(count / models).toBeGreaterThanOrEqual(0.85);
  });

  it('exclude 0 for a model 10 points overconfident, with the bias-shifted percentile interval', () => {
    const ladder = oneModel(1000, -0.1, 3);
    const boot = pairedBootstrap(ladder, { resamples: 300, seed: 4 });
    const summary = calibrationSummary(boot, 0, 5)!;
    expect(summary.perfectCalibration!.pValues.ece!).toBeLessThan(0.01);
    const draws = Array.from({ length: 300 }, (_, b) => boot.draws[b * METRIC_COUNT + METRIC.ece]!).sort((a, b) => a - b);
    const q = (p: number): number => { const pos = p * (draws.length - 1); const lo = Math.floor(pos); return draws[lo]! + (pos - lo) * (draws[Math.min(draws.length - 1, lo + 1)]! - draws[lo]!); };
    const bias = draws.reduce((a, b) => a + b, 0) / draws.length - summary.ece!.estimate;
    expect(bias).toBeGreaterThan(0);
    expect(summary.ece!.low).toBeCloseTo(q(0.025) - bias, 12);
    expect(summary.ece!.high).toBeCloseTo(q(0.975) - bias, 12);
    expect(summary.ece!.low).toBeGreaterThan(0.05);
  });
});
