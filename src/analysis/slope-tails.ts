import type { AggregateSlope } from './aggregate-slope.js';
import { tOrNormalCdf } from './distributions.js';
import type { Verdict } from './task-analysis.js';

/**
 * One-sided p-values about a slope: `below(t)` for the claim "slope < t", `above(t)` for
 * "slope > t". When two sources of uncertainty exist (bootstrap / item sampling and the scatter of
 * the models), each p-value is the larger of the two, as the interval users see is the wider one.
 */
export interface SlopeTails {
  below(threshold: number): number;
  above(threshold: number): number;
}

/** A t (df) or normal (df null) source: estimate ± quantile · se. */
export interface ParametricSource {
  se: number;
  df: number | null;
}

/** Tails from parametric sources and, optionally, bootstrap draws of the slope (NaN skipped). */
export function slopeTails(estimate: number, sources: ParametricSource[], draws: ArrayLike<number> | null = null): SlopeTails | null {
  const usable = sources.filter((source) => source.se > 0 && Number.isFinite(source.se));
  const finite = draws ? Array.from(draws).filter((value) => !Number.isNaN(value)) : [];
  if (usable.length === 0 && finite.length === 0) return null;
  const share = (test: (value: number) => boolean): number => finite.filter(test).length / finite.length;
  const tail = (threshold: number, lower: boolean): number => {
    let p = 0;
    for (const { se, df } of usable) {
      const cdf = tOrNormalCdf((estimate - threshold) / se, df);
      p = Math.max(p, lower ? cdf : 1 - cdf);
    }
    if (finite.length > 0) p = Math.max(p, lower ? share((value) => value >= threshold) : share((value) => value <= threshold));
    return p;
  };
  return { below: (threshold) => tail(threshold, true), above: (threshold) => tail(threshold, false) };
}

/** Tails of an aggregate slope (model scatter with t, df = k − 2; item sampling, normal). */
export function aggregateTails(slope: AggregateSlope | null): SlopeTails | null {
  if (!slope) return null;
  const sources: ParametricSource[] = [];
  if (slope.seBetween !== null) sources.push({ se: slope.seBetween, df: slope.df });
  if (slope.seSampling !== null) sources.push({ se: slope.seSampling, df: null });
  return slopeTails(slope.estimate, sources);
}

/**
 * The p-value of the claim a verdict makes, on the scale where the unadjusted verdict holds at
 * p < 0.05: improving/inverse, two-sided test of slope = 0 (95% interval); flat, TOST at 5% (90%
 * interval inside ±δ); decoupled, intersection–union of loss < 0 (two-sided, 95%) and accuracy < δ
 * (one-sided 5%, the 90% interval's upper end). Null for verdicts that claim nothing.
 */
export function claimPValue(verdict: Verdict, accuracy: SlopeTails | null, loss: SlopeTails | null, delta: number): number | null {
  if (!accuracy) return null;
  switch (verdict) {
    case 'improving': return Math.min(1, 2 * accuracy.above(0));
    case 'inverse': return Math.min(1, 2 * accuracy.below(0));
    case 'flat': return Math.max(accuracy.above(-delta), accuracy.below(delta));
    case 'decoupled': return loss ? Math.max(Math.min(1, 2 * loss.below(0)), accuracy.below(delta)) : null;
    default: return null;
  }
}
