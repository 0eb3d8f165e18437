import type { SlopeEstimate } from '../../analysis/task-analysis.js';

/** One point of a fitted trend: the line's value and (when known) its 95% band. */
export interface TrendPoint {
  params: number;
  fit: number;
  fitLow: number | null;
  fitHigh: number | null;
}

/**
 * The OLS trend of y on log10(params) drawn from the analysis slope, with a pointwise 95% band
 * for the mean line: the OLS line goes through (x̄, ȳ), and its standard error at x is
 * se(b) · √(Sxx/k + (x − x̄)²) — exact when the slope's SE comes from the residual scatter (then
 * s² = se(b)² · Sxx), and the equal-variance approximation when it comes from sampling error.
 * The multiplier is the one the analysis used for the slope's own interval ((high − b) / se).
 * Returns [] when fewer than two distinct sizes carry a value.
 */
export function trendBand(points: Array<{ params: number; value: number | null }>, slope: SlopeEstimate | null, steps = 24): TrendPoint[] {
  const usable = points.filter((point): point is { params: number; value: number } => point.value !== null && point.params > 0);
  if (!slope || usable.length < 2) return [];
  const xs = usable.map((point) => Math.log10(point.params));
  const k = xs.length;
  const xMean = xs.reduce((sum, x) => sum + x, 0) / k;
  const yMean = usable.reduce((sum, point) => sum + point.value, 0) / k;
  const sxx = xs.reduce((sum, x) => sum + (x - xMean) ** 2, 0);
  if (!(sxx > 0)) return [];
  const xLow = Math.min(...xs);
  const xHigh = Math.max(...xs);
  const multiplier = slope.se !== null && slope.se > 0 && slope.high !== null ? (slope.high - slope.estimate) / slope.se : null;
  const trend: TrendPoint[] = [];
  for (let step = 0; step <= steps; step++) {
    const x = xLow + ((xHigh - xLow) * step) / steps;
    const fit = yMean + slope.estimate * (x - xMean);
    const half = multiplier !== null ? multiplier * slope.se! * Math.sqrt(sxx / k + (x - xMean) ** 2) : null;
    trend.push({ params: 10 ** x, fit, fitLow: half !== null ? fit - half : null, fitHigh: half !== null ? fit + half : null });
  }
  return trend;
}
