import { brentMinimum } from '../brent-minimum.js';
import { ols } from '../ols.js';

/** A fitted form: its parameters, residual sum of squares, and a predictor at x = log10 N. */
export interface FormFit {
  parameters: Record<string, number>;
  rss: number;
  predict: (x: number) => number;
  /** Number of fitted parameters of the mean curve. */
  count: number;
  /** Null when identified, else why not. */
  problem: string | null;
  /** The fitted parameter vector and the curve as a function of it (for the delta method). */
  theta: number[];
  curve: (theta: number[], x: number) => number;
}

export function fitLinear(x: number[], y: number[]): FormFit | null {
  const fit = ols(x, y);
  if (!fit) return null;
  const curve = (theta: number[], at: number): number => theta[0]! + theta[1]! * at;
  return {
    parameters: { intercept: fit.intercept, slopePerDecade: fit.slope },
    rss: fit.rss,
    predict: (at) => curve([fit.intercept, fit.slope], at),
    count: 2,
    problem: null,
    theta: [fit.intercept, fit.slope],
    curve,
  };
}

const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * acc = chance + (1 − chance) · logistic(s · (x − m)), fitted by Levenberg–Marquardt on (m, ln s)
 * from the best point of a coarse grid.
 */
export function fitSigmoid(x: number[], y: number[], chance: number): FormFit | null {
  if (x.length < 3) return null;
  const xMin = Math.min(...x);
  const xMax = Math.max(...x);
  const k = x.length;
  const curve = (theta: number[], at: number): number => chance + (1 - chance) * logistic(Math.exp(theta[1]!) * (at - theta[0]!));
  // the residual sum of squares at (m, ln s), with no allocation: the grid and the steps call it ~100 times per fit
  const rssAt = (m: number, logS: number): number => {
    const s = Math.exp(logS);
    let rss = 0;
    for (let i = 0; i < k; i++) rss += (y[i]! - (chance + (1 - chance) * logistic(s * (x[i]! - m)))) ** 2;
    return rss;
  };
  let m0 = xMin;
  let logS0 = 0;
  let rss = Number.POSITIVE_INFINITY;
  for (let m = xMin - 1; m <= xMax + 1 + 1e-9; m += (xMax - xMin + 2) / 8) {
    for (let logS = -1; logS <= 2; logS++) {
      const value = rssAt(m, logS);
      if (value < rss) {
        m0 = m;
        logS0 = logS;
        rss = value;
      }
    }
  }
  let lambda = 1e-3;
  for (let iteration = 0; iteration < 100; iteration++) {
    const s = Math.exp(logS0);
    let a11 = 0, a12 = 0, a22 = 0, b1 = 0, b2 = 0;
    for (let i = 0; i < k; i++) {
      const z = s * (x[i]! - m0);
      const p = logistic(z);
      const slope = (1 - chance) * p * (1 - p);
      const dm = -slope * s;
      const dlogS = slope * z;
      const r = y[i]! - chance - (1 - chance) * p;
      a11 += dm * dm; a12 += dm * dlogS; a22 += dlogS * dlogS; b1 += dm * r; b2 += dlogS * r;
    }
    let improved = false;
    while (lambda < 1e10) {
      const d11 = a11 * (1 + lambda) + 1e-12;
      const d22 = a22 * (1 + lambda) + 1e-12;
      const det = d11 * d22 - a12 * a12;
      const nextM = m0 + (b1 * d22 - a12 * b2) / det;
      const nextLogS = Math.min(6, logS0 + (d11 * b2 - a12 * b1) / det);
      const value = rssAt(nextM, nextLogS);
      if (value < rss) {
        const gain = rss - value;
        m0 = nextM;
        logS0 = nextLogS;
        rss = value;
        lambda = Math.max(1e-9, lambda / 3);
        improved = gain > 1e-15 * (1 + rss);
        break;
      }
      lambda *= 4;
    }
    if (!improved) break;
  }
  const theta = [m0, logS0];
  const s = Math.exp(logS0);
  let problem: string | null = null;
  if (m0 < xMin - 0.5 || m0 > xMax + 0.5) problem = 'the midpoint lies outside the measured sizes';
  else if (s > 20) problem = 'the rise is sharper than the spacing of the sizes can resolve';
  return { parameters: { chance, midpointLog10Params: m0, steepnessPerDecade: s }, rss, predict: (at) => curve(theta, at), count: 2, problem, theta, curve };
}

/** The exponents α the power-law fit tries first: 40 log-spaced from 0.005 to 5. */
const ALPHA_GRID = Array.from({ length: 40 }, (_, i) => Math.exp(Math.log(0.005) + (i / 39) * (Math.log(5) - Math.log(0.005))));

/**
 * L = E + A · N^(−α) with 0 ≤ E < min L, A > 0, α > 0: for each α, E and A by (constrained) least
 * squares; α by a log-spaced grid then Brent's method between the grid's neighbours of the best.
 * N is taken relative to the smallest model.
 */
export function fitPowerLaw(x: number[], y: number[]): FormFit | null {
  if (x.length < 4) return null;
  const minLoss = Math.min(...y);
  if (!(minLoss > 0)) return null;
  const x0 = Math.min(...x);
  const eMax = minLoss * (1 - 1e-9);
  const k = x.length;
  const dx = Float64Array.from(x, (xi) => -(xi - x0) * Math.LN10);
  const zs = new Float64Array(k);
  // E and B (= A·N0^−α) for one α: OLS of L on z = 10^(−α·dx), E clamped into [0, min L); no allocation.
  let solvedE = 0;
  let solvedB = 0;
  const solve = (alpha: number): number => {
    let sz = 0, szz = 0, sy = 0, szy = 0;
    for (let i = 0; i < k; i++) {
      const z = Math.exp(alpha * dx[i]!);
      zs[i] = z;
      sz += z; szz += z * z; sy += y[i]!; szy += z * y[i]!;
    }
    const sxx = szz - (sz * sz) / k;
    let b = sxx > 0 ? (szy - (sz * sy) / k) / sxx : 0;
    let e = (sy - b * sz) / k;
    if (!(sxx > 0) || e < 0 || e > eMax) {
      e = !(sxx > 0) || e < 0 ? 0 : eMax;
      b = (szy - e * sz) / szz;
    }
    b = Math.max(0, b);
    let rss = 0;
    for (let i = 0; i < k; i++) rss += (y[i]! - e - b * zs[i]!) ** 2;
    solvedE = e;
    solvedB = b;
    return rss;
  };
  let bestIndex = 0;
  let bestRss = Number.POSITIVE_INFINITY;
  ALPHA_GRID.forEach((alpha, i) => { const r = solve(alpha); if (r < bestRss) [bestIndex, bestRss] = [i, r]; });
  const low = Math.log(ALPHA_GRID[Math.max(0, bestIndex - 1)]!);
  const high = Math.log(ALPHA_GRID[Math.min(ALPHA_GRID.length - 1, bestIndex + 1)]!);
  const alpha = Math.exp(brentMinimum((logAlpha) => solve(Math.exp(logAlpha)), low, high, 1e-10).x);
  const rss = solve(alpha);
  const e = solvedE;
  const scale = solvedB;
  const theta = [e, scale, alpha];
  const curve = (t: number[], at: number): number => t[0]! + t[1]! * 10 ** (-t[2]! * (at - x0));
  let problem: string | null = null;
  if (!(scale > 0)) problem = 'the loss does not fall with size';
  else if (alpha < 0.0051 || alpha > 4.99) problem = 'the exponent runs to the edge of its range';
  else if (e >= 0.995 * minLoss) problem = 'the irreducible loss E runs into the smallest loss';
  return { parameters: { E: e, A: scale * 10 ** (alpha * x0), alpha }, rss, predict: (at) => curve(theta, at), count: 3, problem, theta, curve };
}

/** AICc of a least-squares fit with `count` mean parameters on k points (null when k ≤ count + 1). */
export function aicc(rss: number, points: number, count: number): number | null {
  if (points - count - 1 <= 0) return null;
  const floor = Math.max(rss, 1e-12 * points);
  return points * Math.log(floor / points) + 2 * count + (2 * count * (count + 1)) / (points - count - 1);
}
