import { criticalValue } from './distributions.js';
import { ols, olsWeights } from './ols.js';
import type { SlopeEstimate } from './task-analysis.js';

/**
 * A per-decade slope fitted to aggregate (one value per model) data, with both sources of
 * uncertainty kept so that intervals at other levels can be derived.
 */
export interface AggregateSlope extends SlopeEstimate {
  /** SE from the scatter of the models around the line (df = k − 2); null when k < 3. */
  seBetween: number | null;
  /** SE propagated from each model's sampling variance through the OLS weights; null when unknown. */
  seSampling: number | null;
  /** Degrees of freedom of the between-model SE (k − 2). */
  df: number;
}

/**
 * OLS slope of y on x with a CI that is the wider of the residual-based one (t, df = k − 2) and
 * the sampling one (normal) when per-model sampling variances are known (DESIGN.md section 3).
 */
export function aggregateSlope(
  x: number[],
  y: number[],
  samplingVariances: Array<number | null> | null,
  level = 0.95,
): AggregateSlope | null {
  const fit = ols(x, y);
  if (!fit) return null;
  const df = fit.count - 2;
  const seBetween = df > 0 ? Math.sqrt(fit.rss / df / fit.sxx) : null;
  let seSampling: number | null = null;
  if (samplingVariances && samplingVariances.every((variance) => variance !== null && Number.isFinite(variance))) {
    const weights = olsWeights(x);
    seSampling = Math.sqrt(weights.reduce((sum, weight, i) => sum + weight * weight * samplingVariances[i]!, 0));
  }
  const slope: AggregateSlope = {
    estimate: fit.slope,
    se: null,
    low: null,
    high: null,
    uncertainty: null,
    seBetween,
    seSampling,
    df,
  };
  return { ...slope, ...aggregateInterval(slope, level) };
}

/** The interval of an aggregate slope at a confidence level (the wider of its two sources). */
export function aggregateInterval(
  slope: AggregateSlope,
  level: number,
): Pick<SlopeEstimate, 'se' | 'low' | 'high' | 'uncertainty'> {
  const halfBetween = slope.seBetween !== null && slope.seBetween > 0 ? criticalValue(level, slope.df) * slope.seBetween : null;
  const halfSampling = slope.seSampling !== null && slope.seSampling > 0 ? criticalValue(level, null) * slope.seSampling : null;
  if (halfBetween === null && halfSampling === null) return { se: null, low: null, high: null, uncertainty: null };
  const useBetween = halfSampling === null || (halfBetween !== null && halfBetween >= halfSampling);
  const half = useBetween ? halfBetween! : halfSampling!;
  return {
    se: useBetween ? slope.seBetween : slope.seSampling,
    low: slope.estimate - half,
    high: slope.estimate + half,
    uncertainty: useBetween ? 'between-models' : 'sampling',
  };
}
