import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastTask } from './forecast-task.js';

// Any ladder gives either forecasts with finite, ordered intervals inside [0, 1] or a reason.
const ladder = fc.array(
  fc.record({
    params: fc.double({ min: 1e7, max: 1e11, noNaN: true }),
    accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
    loss: fc.option(fc.double({ min: 0.01, max: 8, noNaN: true }), { nil: null }),
  }),
  { minLength: 0, maxLength: 8 },
);

describe('forecastTask (property)', () => {
  it('never throws and never returns a malformed forecast', () => {
    let made = 0;
    fc.assert(
      fc.property(ladder, fc.constantFrom(0, 0.25, 0.5), (models, chance) => {
        const points = models.map((m, i) => ({ model: `m${i}`, tokens: null, ...m }));
        const { forecasts, note } = forecastTask(points, chance, [{ params: 7e10, tokens: null }], { level: 0.9, resamples: 40, seed: 3 });
        if (forecasts.length === 0) {
          expect(note ?? '').not.toBe('');
          return;
        }
        made++;
        const { accuracy, loss, backtest } = forecasts[0]!;
        expect([accuracy.estimate, accuracy.low, accuracy.high].every(Number.isFinite)).toBe(true);
        expect(accuracy.low).toBeLessThanOrEqual(accuracy.estimate + 1e-12);
        expect(accuracy.estimate).toBeLessThanOrEqual(accuracy.high + 1e-12);
        expect(accuracy.low).toBeGreaterThanOrEqual(0);
        expect(accuracy.high).toBeLessThanOrEqual(1);
        expect(accuracy.estimate).toBeGreaterThanOrEqual(chance);
        if (loss) expect(loss.low).toBeLessThanOrEqual(loss.high);
        if (backtest) expect(Number.isFinite(backtest.accuracy.error)).toBe(true);
      }),
      { numRuns: 60, seed: 42 },
    );
    expect(made).toBeGreaterThan(10);
  });
});
