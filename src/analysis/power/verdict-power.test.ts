import { describe, expect, it } from 'vitest';
import { minimumDetectableSlope, solveMinimumDetectableSlope, trendPower } from './verdict-power.js';

describe('minimumDetectableSlope', () => {
  it('once tabulated (after 400 designs of one df), equals the design solved directly, to 5e-6 relative', () => {
    let state = 7;
    const random = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    let worst = 0;
    for (const df of [1, 2, 4, 8, 13]) {
      for (let i = 0; i < 600; i++) {
        const sd = 0.001 + random() * 0.2;
        const ratio = i % 7 === 0 ? 1 : i % 11 === 0 ? 0 : random();
        const design = { sd, samplingSd: sd * ratio, df };
        const direct = solveMinimumDetectableSlope(design, 0.8);
        worst = Math.max(worst, Math.abs(minimumDetectableSlope(design) - direct) / direct);
      }
    }
    expect(worst).toBeGreaterThan(0); // the table was used (interpolation is not exact)
    expect(worst).toBeLessThan(5e-6);
  });

  it('is the slope at which the trend is detected with the stated power', () => {
    const design = { sd: 0.02, samplingSd: 0.012, df: 4 };
    expect(trendPower(design, solveMinimumDetectableSlope(design, 0.8))).toBeCloseTo(0.8, 6);
    expect(trendPower(design, minimumDetectableSlope(design))).toBeCloseTo(0.8, 4);
  });
});
