import { ols } from '../ols.js';
import { nelderMead } from './nelder-mead.js';

/** A fitted form: its parameters, residual sum of squares, and a predictor at x = log10 N. */
export interface FormFit {
  parameters: Record<string, number>;
  rss: number;
  predict: (x: number) => number;
  /** Number of fitted parameters of the mean curve. */
  count: number;
  /** Null when identified, else why not. */
  problem: string | null;
}

export function fitLinear(x: number[], y: number[]): FormFit | null {
  const fit = ols(x, y);
  if (!fit) return null;
  return {
    parameters: { intercept: fit.intercept, slopePerDecade: fit.slope },
    rss: fit.rss,
    predict: (at) => fit.intercept + fit.slope * at,
    count: 2,
    problem: null,
  };
}

const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

/** acc = chance + (1 − chance) · logistic(s · (x − m)). */
export function fitSigmoid(x: number[], y: number[], chance: number): FormFit | null {
  if (x.length < 3) return null;
  const xMin = Math.min(...x);
  const xMax = Math.max(...x);
  const rss = ([m, logS]: number[]): number => {
    const s = Math.exp(logS!);
    return x.reduce((sum, xi, i) => sum + (y[i]! - chance - (1 - chance) * logistic(s * (xi - m!))) ** 2, 0);
  };
  let best = { point: [0, 0], value: Number.POSITIVE_INFINITY };
  for (let m = xMin - 1; m <= xMax + 1; m += (xMax - xMin + 2) / 12) {
    for (const logS of [-1, 0, 1, 2]) {
      const value = rss([m, logS]);
      if (value < best.value) best = { point: [m, logS], value };
    }
  }
  const result = nelderMead(rss, best.point, [0.3, 0.3]);
  const m = result.point[0]!;
  const s = Math.exp(result.point[1]!);
  let problem: string | null = null;
  if (m < xMin - 0.5 || m > xMax + 0.5) problem = 'the midpoint lies outside the measured sizes';
  else if (s > 20) problem = 'the rise is sharper than the spacing of the sizes can resolve';
  return {
    parameters: { chance, midpointLog10Params: m, steepnessPerDecade: s },
    rss: result.value,
    predict: (at) => chance + (1 - chance) * logistic(s * (at - m)),
    count: 2,
    problem,
  };
}

/** L = E + A · N^(−α) with 0 ≤ E < min L, A > 0, α > 0 (fitted with N relative to the smallest model). */
export function fitPowerLaw(x: number[], y: number[]): FormFit | null {
  if (x.length < 4) return null;
  const minLoss = Math.min(...y);
  if (!(minLoss > 0)) return null;
  const x0 = Math.min(...x);
  const unpack = ([u, v]: number[]): { e: number; alpha: number; b: number } => {
    const e = minLoss * logistic(u!);
    const alpha = Math.exp(v!);
    let zz = 0;
    let zy = 0;
    x.forEach((xi, i) => {
      const z = 10 ** (-alpha * (xi - x0));
      zz += z * z;
      zy += z * (y[i]! - e);
    });
    return { e, alpha, b: Math.max(0, zy / zz) };
  };
  const rss = (point: number[]): number => {
    const { e, alpha, b } = unpack(point);
    return x.reduce((sum, xi, i) => sum + (y[i]! - e - b * 10 ** (-alpha * (xi - x0))) ** 2, 0);
  };
  let best = { point: [0, 0], value: Number.POSITIVE_INFINITY };
  for (const u of [-4, -2, 0, 2]) {
    for (const v of [-3, -2, -1, 0, 0.7]) {
      const value = rss([u, v]);
      if (value < best.value) best = { point: [u, v], value };
    }
  }
  const result = nelderMead(rss, best.point, [0.5, 0.5]);
  const { e, alpha, b } = unpack(result.point);
  let problem: string | null = null;
  if (!(b > 0)) problem = 'the loss does not fall with size';
  else if (alpha < 0.005 || alpha > 5) problem = 'the exponent runs to the edge of its range';
  else if (e > 0.995 * minLoss) problem = 'the irreducible loss E runs into the smallest loss';
  return {
    parameters: { E: e, A: b * 10 ** (alpha * x0), alpha },
    rss: result.value,
    predict: (at) => e + b * 10 ** (-alpha * (at - x0)),
    count: 3,
    problem,
  };
}

/** AICc of a least-squares fit with `count` mean parameters on k points (null when k ≤ count + 1). */
export function aicc(rss: number, points: number, count: number): number | null {
  if (points - count - 1 <= 0) return null;
  const floor = Math.max(rss, 1e-12 * points);
  return points * Math.log(floor / points) + 2 * count + (2 * count * (count + 1)) / (points - count - 1);
}
