import { describe, expect, it } from 'vitest';
import { aggregateInterval, aggregateSlope } from '../aggregate-slope.js';
import { planItems } from './plan-items.js';

// The stated items per model must give the stated power (±3 points) when studies are simulated item
// by item (Bernoulli draws) and judged by scalegap's own aggregate slope interval.
const params = [1e9, 3e9, 8e9, 70e9];
const x = params.map(Math.log10);
const meanX = x.reduce((sum, v) => sum + v, 0) / x.length;

function simulatedRate(items: number, slope: number, studies: number, seed: number, decide: (low: number, high: number) => boolean, level: number): number {
  // Marsaglia's xorshift32 inline: millions of Bernoulli draws per study set stay fast.
  let state = seed >>> 0 || 1;
  const scale = 2 ** 32;
  let hits = 0;
  for (let s = 0; s < studies; s++) {
    const accuracy = x.map((xi) => {
      const threshold = (0.6 + slope * (xi - meanX)) * scale;
      let correct = 0;
      for (let i = 0; i < items; i++) {
        state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
        if (state >>> 0 < threshold) correct++;
      }
      return correct / items;
    });
    const fit = aggregateSlope(x, accuracy, accuracy.map((a) => (a * (1 - a)) / items))!;
    const interval = aggregateInterval(fit, level);
    if (decide(interval.low!, interval.high!)) hits++;
  }
  return hits / studies;
}

describe('planItems (simulation)', () => {
  const plan = planItems({ params, accuracy: 0.6, effect: 0.03, delta: 0.05, power: 0.8, scatter: 0 });

  it('the items for a 3 pp/decade trend give 80% ± 3 points power (3000 simulated studies)', () => {
    const rate = simulatedRate(plan.itemsForTrend!, 0.03, 3000, 11, (low, high) => low > 0 || high < 0, 0.95);
    expect(rate).toBeGreaterThanOrEqual(0.77);
    expect(rate).toBeLessThanOrEqual(0.83);
  });

  it('the items for flatness give 80% ± 3 points power at a true slope of 0 (3000 simulated studies)', () => {
    const rate = simulatedRate(plan.itemsForFlat!, 0, 3000, 12, (low, high) => low > -0.05 && high < 0.05, 0.9);
    expect(rate).toBeGreaterThanOrEqual(0.77);
    expect(rate).toBeLessThanOrEqual(0.83);
  });

  it('the textbook z-test count is far too few under the small-ladder rule', () => {
    expect(plan.itemsTextbook).toBeLessThan(plan.itemsForTrend! / 2);
    const rate = simulatedRate(plan.itemsTextbook, 0.03, 300, 13, (low, high) => low > 0 || high < 0, 0.95);
    expect(rate).toBeLessThan(0.6);
  });
});
