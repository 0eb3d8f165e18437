import { describe, expect, it } from 'vitest';
import { emptyMeasurement } from '../../core/measurement.js';
import { aggregateInterval, aggregateSlope } from '../aggregate-slope.js';
import { analyze } from '../analyze.js';
import { taskPower } from './task-power.js';

// A measured ladder that came out inconclusive; the items per model the power figures say would
// settle it must settle it in 80% ± 3 points of studies simulated item by item at the estimated slope.
const x = [8, 8.5, 9, 9.5, 10];
const ladder = (accuracy: (xi: number, i: number) => number, n: number) => x.map((xi, i) => {
  const row = emptyMeasurement('t', `m${i}`, 10 ** xi);
  row.accuracy = accuracy(xi, i);
  row.accuracyPct = row.accuracy * 100;
  row.n = n;
  return row;
});

function settledRate(slope: number, items: number, studies: number, seed: number, settles: 'trend' | 'flat'): number {
  let state = seed;
  let hits = 0;
  for (let s = 0; s < studies; s++) {
    const accuracy = x.map((xi) => {
      const threshold = (0.5 + slope * (xi - 9)) * 2 ** 32;
      let correct = 0;
      for (let i = 0; i < items; i++) {
        state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
        if (state >>> 0 < threshold) correct++;
      }
      return correct / items;
    });
    const fit = aggregateSlope(x, accuracy, accuracy.map((a) => (a * (1 - a)) / items))!;
    const interval = aggregateInterval(fit, settles === 'trend' ? 0.95 : 0.9);
    if (settles === 'trend' ? interval.low! > 0 || interval.high! < 0 : interval.low! > -0.05 && interval.high! < 0.05) hits++;
  }
  return hits / studies;
}

describe('taskPower', () => {
  it.each([[0.025, 'flat'], [0.045, 'trend']] as const)('slope %s: items needed to settle an inconclusive task (%s) give 80%% ± 3 points (2000 simulated studies)', (slope, settles) => {
    const task = analyze(ladder((xi) => 0.5 + slope * (xi - 9), 150)).tasks[0]!;
    expect(task.verdict).toBe('inconclusive');
    const power = taskPower(task, 0.05)!;
    expect(power.settles).toBe(settles);
    expect(power.itemsNeeded).toBeGreaterThan(150);
    const rate = settledRate(slope, power.itemsNeeded!, 2000, 99, settles);
    expect(rate).toBeGreaterThanOrEqual(0.77);
    expect(rate).toBeLessThanOrEqual(0.83);
    // The minimum detectable slope with the 150 items measured is larger than the slope estimated.
    expect(power.minimumDetectableSlope).toBeGreaterThan(slope);
    expect(power.signalToNoise).toBeCloseTo((2 * slope / Math.sqrt(x.map((xi) => (0.5 + slope * (xi - 9)) * (0.5 - slope * (xi - 9)) / 150).reduce((a, b) => a + b) / 5)), 6);
  });

  it('when whole models scatter more than items explain, more items cannot settle it but more sizes can', () => {
    const wobble = [0.04, -0.04, 0.04, -0.04, 0.04];
    const task = analyze(ladder((xi, i) => 0.5 + 0.03 * (xi - 9) + wobble[i]!, 5000)).tasks[0]!;
    expect(task.verdict).toBe('inconclusive');
    const power = taskPower(task, 0.05)!;
    expect(power.itemsNeeded).toBeNull();
    expect(power.sizesNeeded).toBeGreaterThan(0);
    expect(power.note).toContain('more sizes');
  });
});
