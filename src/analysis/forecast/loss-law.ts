import { brentMinimum } from '../brent-minimum.js';
import { solveSmall } from '../fits/fit-curves.js';

/** A fitted loss law L = E + A/N^α (+ B/D^β), with why it is not identified when it is not. */
export interface LossLaw {
  E: number;
  A: number;
  alpha: number;
  /** Null when the law is fitted on N alone. */
  B: number | null;
  beta: number | null;
  rss: number;
  /** Null when identified. */
  problem: string | null;
  predict: (params: number, tokens: number | null) => number;
}

const EXPONENT_RANGE: [number, number] = [0.02, 3];

/** Non-negative least squares of y on three columns: each subset solved from the Gram matrix (Cramer's rule). */
function nonNegativeFit(columns: Float64Array[], y: ArrayLike<number>): { coefficients: number[]; rss: number } {
  const k = y.length;
  const g = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const r = [0, 0, 0];
  let yy = 0;
  for (let i = 0; i < k; i++) {
    const c = [columns[0]![i]!, columns[1]![i]!, columns[2]![i]!];
    for (let a = 0; a < 3; a++) {
      r[a]! += c[a]! * y[i]!;
      for (let b = a; b < 3; b++) g[a]![b]! += c[a]! * c[b]!;
    }
    yy += y[i]! * y[i]!;
  }
  for (let a = 0; a < 3; a++) for (let b = 0; b < a; b++) g[a]![b] = g[b]![a]!;
  const rssOf = (c: number[]): number => {
    let quad = 0;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) quad += c[a]! * g[a]![b]! * c[b]!;
    return yy - 2 * (c[0]! * r[0]! + c[1]! * r[1]! + c[2]! * r[2]!) + quad;
  };
  let best = { coefficients: [0, 0, 0], rss: yy };
  for (let mask = 1; mask < 8; mask++) {
    const used = [0, 1, 2].filter((j) => mask & (1 << j));
    const solved = solveSmall(used.map((a) => used.map((b) => g[a]![b]!)), used.map((a) => r[a]!));
    if (!solved || solved.some((value) => !(value >= 0))) continue;
    const coefficients = [0, 0, 0];
    used.forEach((j, u) => { coefficients[j] = solved[u]!; });
    const rss = Math.max(0, rssOf(coefficients));
    if (rss < best.rss) best = { coefficients, rss };
  }
  return best;
}

/** The same for the columns (1, z) without allocating: the unconstrained fit, else the better one-column fit. */
function nonNegativeLine(z: Float64Array, y: ArrayLike<number>): { coefficients: number[]; rss: number } {
  const k = y.length;
  let sz = 0, szz = 0, sy = 0, szy = 0, syy = 0;
  for (let i = 0; i < k; i++) { sz += z[i]!; szz += z[i]! * z[i]!; sy += y[i]!; szy += z[i]! * y[i]!; syy += y[i]! * y[i]!; }
  const rssOf = (e: number, b: number): number => syy - 2 * e * sy - 2 * b * szy + k * e * e + 2 * e * b * sz + b * b * szz;
  const sxx = szz - (sz * sz) / k;
  if (sxx > 0) {
    const b = (szy - (sz * sy) / k) / sxx;
    const e = (sy - b * sz) / k;
    if (b >= 0 && e >= 0) return { coefficients: [e, b], rss: Math.max(0, rssOf(e, b)) };
  }
  const onlyE = Math.max(0, sy / k);
  const onlyB = szz > 0 ? Math.max(0, szy / szz) : 0;
  const rssE = rssOf(onlyE, 0);
  const rssB = rssOf(0, onlyB);
  return rssE <= rssB ? { coefficients: [onlyE, 0], rss: Math.max(0, rssE) } : { coefficients: [0, onlyB], rss: Math.max(0, rssB) };
}

/**
 * Fits L = E + A/N^α (+ B/D^β when `tokens` is given) with E, A, B ≥ 0 and α, β in [0.02, 3]:
 * for fixed exponents the coefficients by non-negative least squares, the exponents by a grid on
 * log scale refined by Brent's method (coordinate-wise when there are two).
 */
export function fitLossLaw(params: number[], loss: number[], tokens: number[] | null = null): LossLaw | null {
  const k = params.length;
  if (k < (tokens ? 6 : 4)) return null;
  const n0 = Math.min(...params);
  const d0 = tokens ? Math.min(...tokens) : 1;
  const u = params.map((n) => Math.log(n / n0));
  const v = tokens ? tokens.map((d) => Math.log(d / d0)) : null;
  const ones = new Float64Array(k).fill(1);
  const zN = new Float64Array(k);
  const zD = new Float64Array(k);
  const evaluate = (logAlpha: number, logBeta: number): { coefficients: number[]; rss: number } => {
    const alpha = Math.exp(logAlpha);
    for (let i = 0; i < k; i++) zN[i] = Math.exp(-alpha * u[i]!);
    if (!v) return nonNegativeLine(zN, loss);
    const beta = Math.exp(logBeta);
    for (let i = 0; i < k; i++) zD[i] = Math.exp(-beta * v[i]!);
    return nonNegativeFit([ones, zN, zD], loss);
  };
  const [lowLog, highLog] = EXPONENT_RANGE.map(Math.log) as [number, number];
  const steps = v ? 16 : 40;
  const grid = Array.from({ length: steps }, (_, i) => lowLog + (i / (steps - 1)) * (highLog - lowLog));
  let best = { a: grid[0]!, b: grid[0]!, rss: Number.POSITIVE_INFINITY };
  for (const a of grid) for (const b of v ? grid : [0]) {
    const rss = evaluate(a, b).rss;
    if (rss < best.rss) best = { a, b, rss };
  }
  const width = (highLog - lowLog) / (steps - 1);
  const clampLog = (t: number): number => Math.min(highLog, Math.max(lowLog, t));
  for (let round = 0; round < (v ? 4 : 1); round++) {
    best.a = brentMinimum((t) => evaluate(t, best.b).rss, clampLog(best.a - width), clampLog(best.a + width), 1e-10).x;
    if (v) best.b = brentMinimum((t) => evaluate(best.a, t).rss, clampLog(best.b - width), clampLog(best.b + width), 1e-10).x;
  }
  const { coefficients, rss } = evaluate(best.a, best.b);
  const alpha = Math.exp(best.a);
  const beta = v ? Math.exp(best.b) : null;
  const [e, scaleN, scaleD] = coefficients as [number, number, number | undefined];
  const atEdge = (t: number): boolean => t < lowLog + 0.01 || t > highLog - 0.01;
  let problem: string | null = null;
  if (!(scaleN > 0)) problem = 'the loss does not fall with size';
  else if (v && !((scaleD ?? 0) > 0)) problem = 'the loss does not fall with training tokens';
  else if (atEdge(best.a) || (v && atEdge(best.b))) problem = 'the exponent runs to the edge of its range';
  return {
    E: e,
    A: scaleN * n0 ** alpha,
    alpha,
    B: v ? scaleD! * d0 ** beta! : null,
    beta,
    rss,
    problem,
    predict: (n, d) => e + scaleN * (n / n0) ** -alpha + (v && d !== null ? scaleD! * (d / d0) ** -beta! : 0),
  };
}
