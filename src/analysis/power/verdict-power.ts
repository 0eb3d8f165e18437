import { criticalValue } from '../distributions.js';

/** Standard normal CDF (erfc with Chebyshev fit, |error| < 1.2e-7; Numerical Recipes §6.2). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** log Γ(df/2) for a whole df ≥ 1, from Γ(1) = 1, Γ(1/2) = √π and Γ(x + 1) = x Γ(x). */
function logGammaHalf(df: number): number {
  let x = df % 2 === 0 ? 1 : 0.5;
  let value = df % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  while (x < df / 2 - 1e-9) { value += Math.log(x); x += 1; }
  return value;
}

/**
 * Grid of v = √W (W ~ χ²_df) with quadrature weights: the trapezoid rule with step (12 + √df)/1200,
 * kept only where the density is above 1e-16 of its peak (the points dropped cannot change a power
 * figure, and skipping them makes every power evaluation about twice as fast). v rises along the grid.
 */
interface ChiRootGrid {
  v: Float64Array;
  weight: Float64Array;
}
const gridCache = new Map<number, ChiRootGrid>();
function chiRootGrid(df: number): ChiRootGrid {
  let grid = gridCache.get(df);
  if (grid) return grid;
  const steps = 1200;
  const top = 12 + Math.sqrt(df);
  const h = top / steps;
  const logConstant = Math.log(2) - (df / 2) * Math.log(2) - logGammaHalf(df);
  const points = Array.from({ length: steps + 1 }, (_, i) => {
    const v = i * h;
    const density = v === 0 ? (df === 1 ? Math.exp(logConstant) : 0) : Math.exp(logConstant + (df - 1) * Math.log(v) - (v * v) / 2);
    return [v, density * h * (i === 0 || i === steps ? 0.5 : 1)] as [number, number];
  });
  const peak = Math.max(...points.map(([, weight]) => weight));
  const kept = points.filter(([, weight]) => weight > peak * 1e-16);
  grid = { v: Float64Array.from(kept, ([v]) => v), weight: Float64Array.from(kept, ([, weight]) => weight) };
  gridCache.set(df, grid);
  return grid;
}

/** The design of a slope test: the slope estimate's SD, its sampling part and the residual df. */
export interface SlopeDesign {
  /** True SD of the slope estimate (sampling and scatter of whole models together). */
  sd: number;
  /** SD from item sampling alone (the sampling interval uses it, normal quantile). */
  samplingSd: number;
  /** Residual degrees of freedom (k − 2) of the between-model interval. */
  df: number;
}

/**
 * Averages `inside(c)` over the between-model SE estimate s_b = sd·√(W/df), W ~ χ²_df, where c is
 * the half-width of scalegap's interval: the wider of z·samplingSd and t(df)·s_b (DESIGN.md §3).
 * Where t(df)·s_b ≤ z·samplingSd (a first stretch of the grid, as v rises) c is z·samplingSd, so
 * `inside` is evaluated there once.
 */
function overIntervals(design: SlopeDesign, level: number, inside: (halfWidth: number) => number): number {
  const z = criticalValue(level, null) * design.samplingSd;
  const t = criticalValue(level, design.df) * design.sd / Math.sqrt(design.df);
  const { v, weight } = chiRootGrid(design.df);
  let total = 0;
  let p = 0;
  if (!Number.isNaN(z)) {
    const atZ = inside(z);
    for (; p < v.length && t * v[p]! <= z; p++) total += weight[p]! * atZ;
  }
  for (; p < v.length; p++) total += weight[p]! * inside(Math.max(z, t * v[p]!));
  return Math.min(1, Math.max(0, total));
}

/** Probability that the 95% interval of the slope excludes 0 (improving or inverse) at a true slope. */
export function trendPower(design: SlopeDesign, slope: number): number {
  return overIntervals(design, 0.95, (c) => normalCdf((slope - c) / design.sd) + normalCdf((-slope - c) / design.sd));
}

/** Probability that the 90% interval lies inside ±δ (flat, TOST) at a true slope. */
export function flatPower(design: SlopeDesign, slope: number, delta: number): number {
  return overIntervals(design, 0.9, (c) => (c >= delta ? 0 : Math.max(0, normalCdf((delta - c - slope) / design.sd) - normalCdf((-delta + c - slope) / design.sd))));
}

/**
 * The minimum detectable slope of one design, solved directly: the root of trendPower − power, bracketed by doubling
 * (or, given a `near` guess such as a neighbouring design's root, by widening ±0.1% around it), then found by regula
 * falsi with the Illinois step (power rises smoothly with the slope, so a handful of evaluations reach a relative 1e-7).
 */
export function solveMinimumDetectableSlope(design: SlopeDesign, power: number, near?: number): number {
  const gap = (slope: number): number => trendPower(design, slope) - power;
  const guessed = near !== undefined && near > 0;
  let low = guessed ? near * 0.999 : 0;
  let high = guessed ? near * 1.001 : design.sd;
  let gapHigh = gap(high);
  let gapLow = Number.NaN;
  while (gapHigh < 0) {
    low = high;
    gapLow = gapHigh;
    high *= 2;
    gapHigh = gap(high);
  }
  if (Number.isNaN(gapLow)) gapLow = gap(low);
  // only a guess above the root leaves power to spare at `low`: widen downwards (to 0 after 60 halvings)
  for (let halvings = 0; gapLow > 0 && low > 0; halvings++) {
    high = low;
    gapHigh = gapLow;
    low = halvings < 60 ? low / 2 : 0;
    gapLow = gap(low);
  }
  if (gapLow >= 0) return low;
  let kept = 0;
  for (let step = 0; step < 200 && high - low > 1e-7 * high; step++) {
    const mid = Math.min(Math.max((low * gapHigh - high * gapLow) / (gapHigh - gapLow), low), high);
    const gapMid = gap(mid);
    if (gapMid === 0) return mid;
    if (gapMid > 0) {
      high = mid;
      gapHigh = gapMid;
      if (kept === -1) gapLow /= 2;
      kept = -1;
    } else {
      low = mid;
      gapLow = gapMid;
      if (kept === 1) gapHigh /= 2;
      kept = 1;
    }
  }
  return high;
}

/** Nodes per unit of samplingSd/sd in the table of minimum detectable slopes (one table per df and power). */
const RATIO_NODES = 400;
/** Designs of one df solved directly before the table is built: about what the table costs (each node starts from its neighbour's root, ~4 evaluations against ~12). */
const DIRECT_SOLVES = 130;
const slopeTables = new Map<string, Float64Array>();
const directSolves = new Map<string, number>();

/**
 * Smallest true slope the design detects (interval excludes 0) with the given power. It is sd times a
 * function of samplingSd/sd and df alone (every term of the power scales with sd). The first designs
 * of a df are solved directly; once as many have been solved as a table costs (DIRECT_SOLVES), the function is solved
 * on 401 nodes and interpolated linearly (within 5e-6, relative, of solving each design), which keeps
 * tables of thousands of tasks fast without slowing a small analysis.
 */
export function minimumDetectableSlope(design: SlopeDesign, power = 0.8): number {
  const ratio = design.sd > 0 ? design.samplingSd / design.sd : Number.NaN;
  const key = `${design.df}:${power}`;
  let table = slopeTables.get(key);
  if (!table) {
    const solved = directSolves.get(key) ?? 0;
    if (!(ratio >= 0 && ratio <= 1) || solved < DIRECT_SOLVES) {
      directSolves.set(key, solved + 1);
      return solveMinimumDetectableSlope(design, power);
    }
    table = new Float64Array(RATIO_NODES + 1);
    for (let i = 0; i <= RATIO_NODES; i++) table[i] = solveMinimumDetectableSlope({ sd: 1, samplingSd: i / RATIO_NODES, df: design.df }, power, i > 0 ? table[i - 1] : undefined);
    slopeTables.set(key, table);
  }
  if (!(ratio >= 0 && ratio <= 1)) return solveMinimumDetectableSlope(design, power);
  const position = ratio * RATIO_NODES;
  const below = Math.min(Math.floor(position), RATIO_NODES - 1);
  const share = position - below;
  return design.sd * ((table[below] as number) * (1 - share) + (table[below + 1] as number) * share);
}
