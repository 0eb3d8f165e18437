import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trendBand } from './trend-band.js';
import { accuracyInterval } from './model-points.js';
import { sizeTicks } from './size-axis.js';

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

interface BandFixture {
  params: number[];
  y: number[];
  slope: { estimate: number; se: number; low: number; high: number };
  band: Array<{ params: number; fit: number; low: number; high: number }>;
}

describe('trendBand', () => {
  it('matches the textbook OLS confidence band computed with numpy/scipy', () => {
    const fixture = read<BandFixture>('trend-band.json');
    const points = fixture.params.map((params, i) => ({ params, value: fixture.y[i]! }));
    const band = trendBand(points, { ...fixture.slope, uncertainty: 'between-models' }, 4);
    expect(band).toHaveLength(fixture.band.length);
    band.forEach((point, i) => {
      const expected = fixture.band[i]!;
      expect(point.params / expected.params).toBeCloseTo(1, 9);
      expect(point.fit).toBeCloseTo(expected.fit, 9);
      expect(point.fitLow!).toBeCloseTo(expected.low, 9);
      expect(point.fitHigh!).toBeCloseTo(expected.high, 9);
    });
  });

  it('draws the line without a band when the slope has no SE, and nothing below two sizes', () => {
    const points = [{ params: 1e9, value: 0.4 }, { params: 1e10, value: 0.6 }];
    const line = trendBand(points, { estimate: 0.2, se: null, low: null, high: null, uncertainty: null }, 2);
    expect(line.map((point) => point.fitLow)).toEqual([null, null, null]);
    expect(line[0]!.fit).toBeCloseTo(0.4, 12);
    expect(line[2]!.fit).toBeCloseTo(0.6, 12);
    expect(trendBand([{ params: 1e9, value: 0.4 }], { estimate: 0.2, se: 0.1, low: 0, high: 0.4, uncertainty: 'sampling' })).toEqual([]);
  });
});

describe('accuracyInterval', () => {
  it('gives the Wilson score interval when n is known', () => {
    for (const row of read<Array<{ accuracy: number; n: number; low: number; high: number }>>('wilson.json')) {
      const interval = accuracyInterval({ accuracy: row.accuracy, n: row.n, accuracySe: null })!;
      expect(interval[0]).toBeCloseTo(row.low, 10);
      expect(interval[1]).toBeCloseTo(row.high, 10);
    }
  });

  it('uses a given standard error (clipped to [0, 1]) and returns null without n or SE', () => {
    const [low, high] = accuracyInterval({ accuracy: 0.98, n: 100, accuracySe: 0.02 })!;
    expect(low).toBeCloseTo(0.98 - 1.959963984540054 * 0.02, 12);
    expect(high).toBe(1);
    expect(accuracyInterval({ accuracy: 0.5, n: null, accuracySe: null })).toBeNull();
  });
});

describe('sizeTicks', () => {
  it('puts ticks on decades over wide ranges and on 1-2-5 steps over narrow ones', () => {
    expect(sizeTicks([7e7, 1.6e8, 4.1e8, 1e9, 2.8e9, 6.9e9, 1.2e10])).toEqual([1e8, 1e9, 1e10]);
    expect(sizeTicks([1e9, 3e9, 70e9])).toEqual([1e9, 2e9, 5e9, 1e10, 2e10, 5e10]);
    expect(sizeTicks([3e9, 4e9])).toEqual([3e9, 4e9]);
    expect(sizeTicks([])).toEqual([]);
  });
});
