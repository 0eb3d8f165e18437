import { describe, expect, it } from 'vitest';
import { brentMinimum } from './brent-minimum.js';

describe('brentMinimum', () => {
  it('finds the minimum of smooth functions to the tolerance, in far fewer evaluations than golden sections', () => {
    const cases: Array<[(x: number) => number, number, number, number]> = [
      [(x) => (x - 0.3) ** 2, -1, 2, 0.3],
      [(x) => Math.cosh(x - 1.25), 0, 3, 1.25],
      [(x) => x ** 4 - 3 * x, 0, 2, Math.cbrt(3 / 4)], // derivative 4x³ − 3 = 0
      [(x) => Math.exp(x) - 2 * x, -2, 3, Math.log(2)],
    ];
    for (const [f, low, high, expected] of cases) {
      let evaluations = 0;
      const { x, value } = brentMinimum((t) => (evaluations++, f(t)), low, high, 1e-10);
      // a minimum is fixed only to about √ε (1.5e-8) relative: f is flat there to rounding
      expect(Math.abs(x - expected)).toBeLessThan(5e-8);
      expect(value).toBe(f(x));
      expect(evaluations).toBeLessThan(25); // golden sections alone need ~50 for this bracket and tolerance
    }
  });

  it('ends at the edge of the bracket for a monotone function, and copes with a kink', () => {
    expect(brentMinimum((x) => x, 2, 5, 1e-9).x).toBeCloseTo(2, 6);
    expect(brentMinimum((x) => -x, 2, 5, 1e-9).x).toBeCloseTo(5, 6);
    expect(brentMinimum((x) => Math.abs(x - 1.7), 0, 4, 1e-9).x).toBeCloseTo(1.7, 6);
  });
});
