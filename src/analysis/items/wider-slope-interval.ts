import { aggregateSlope } from '../aggregate-slope.js';
import { criticalValue } from '../distributions.js';
import type { IntervalWithSe, SlopeEstimate } from '../task-analysis.js';

/**
 * A slope's interval by DESIGN.md section 3: the paired bootstrap's percentile interval or the
 * residual one (t, df = k − 2, from the models' scatter around the line through `x`, `y`), whichever
 * is wider. Both are reported.
 */
export function widerSlopeInterval(estimate: number, bootstrap: IntervalWithSe | null, x: number[], y: number[], level: number): SlopeEstimate {
  const fit = aggregateSlope(x, y, null, level);
  const residual = fit && fit.seBetween !== null && fit.seBetween > 0
    ? { low: estimate - criticalValue(level, fit.df) * fit.seBetween, high: estimate + criticalValue(level, fit.df) * fit.seBetween, se: fit.seBetween }
    : null;
  const useResidual = residual !== null && (bootstrap === null || residual.high - residual.low > bootstrap.high - bootstrap.low);
  const chosen = useResidual ? residual : bootstrap;
  return {
    estimate,
    se: chosen?.se ?? null,
    low: chosen?.low ?? null,
    high: chosen?.high ?? null,
    uncertainty: chosen === null ? null : useResidual ? 'between-models' : 'bootstrap',
    bootstrap,
    residual,
  };
}
