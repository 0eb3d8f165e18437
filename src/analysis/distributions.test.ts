import { describe, expect, it } from 'vitest';
import { tOrNormalCdf } from './distributions.js';

// Values from scipy 1.x: stats.t.cdf(x, df) and stats.norm.cdf(x).
const SCIPY: Array<[number, number | null, number]> = [
  [-2.5, 1, 0.12111894159084341],
  [0.3, 3, 0.6081183539800405],
  [1.7, 8, 0.9362235651483829],
  [-4.2, 20, 0.0002203590815611203],
  [-3.1, null, 0.0009676032132183563],
  [0, null, 0.5],
  [1.96, null, 0.9750021048517795],
];

describe('tOrNormalCdf', () => {
  it.each(SCIPY)('cdf(%d, df %s) equals scipy', (x, df, expected) => {
    expect(tOrNormalCdf(x, df)).toBeCloseTo(expected, 12);
  });
});
