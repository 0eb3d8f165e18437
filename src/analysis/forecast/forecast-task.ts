import { formatParams } from '../../core/params.js';
import { fitLadderCurve, lossParameterCount, type LadderCurve, type LadderPoint } from './ladder-curve.js';
import { predictionIntervals, residualResampleMatrix } from './prediction-interval.js';
import type { Backtest, Forecast, ForecastFit, ForecastMethod, ForecastTarget } from './forecast-types.js';

/** Options of a forecast; `matrix` replaces the seeded resample matrix (tests). */
export interface ForecastOptions {
  /** Level of the prediction intervals. */
  level: number;
  /** Bootstrap refits over models. */
  resamples: number;
  seed: number;
  matrix?: (models: number) => Int32Array;
}

export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = { level: 0.9, resamples: 500, seed: 1 };

/** The forecasts of one ladder, or why there are none (or none for some targets). */
export interface TaskForecasts {
  forecasts: Forecast[];
  note: string | null;
}

const MIN_SIZES: Record<ForecastMethod, number> = { chained: 5, direct: 4 };
const sizes = (points: LadderPoint[]): number => new Set(points.map((p) => p.params)).size;
const rms = (values: number[], parameters: number): number => Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / Math.max(1, values.length - parameters));
const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

function describeFit(curve: LadderCurve, useTokens: boolean, resamples: number, df: number): ForecastFit {
  const law = curve.lossLaw;
  const p = curve.accuracyFit.parameters;
  return {
    method: curve.method,
    loss: law ? { E: law.E, A: law.A, alpha: law.alpha, ...(law.B !== null ? { B: law.B, beta: law.beta! } : {}) } : null,
    accuracy: curve.method === 'chained'
      ? { chance: p.chance!, midpointLoss: -p.midpointLog10Params!, steepnessPerNat: p.steepnessPerDecade! }
      : { intercept: p.intercept!, slopePerDecade: p.slopePerDecade! },
    scatter: { accuracy: rms(curve.accuracyResiduals, 2), loss: curve.lossResiduals ? rms(curve.lossResiduals, lossParameterCount(useTokens)) : null },
    df,
    resamples,
    curve: null,
  };
}

/** 25 log-spaced sizes from the smallest model to a little past the largest target. */
function curveGrid(points: LadderPoint[], targets: ForecastTarget[]): ForecastTarget[] {
  const low = Math.log10(Math.min(...points.map((p) => p.params)));
  const high = Math.log10(Math.max(...points.map((p) => p.params), ...targets.map((t) => t.params))) + 0.05;
  return Array.from({ length: 25 }, (_, i) => ({ params: Number((10 ** (low + (i / 24) * (high - low))).toPrecision(6)), tokens: null }));
}

function runBacktest(points: LadderPoint[], method: ForecastMethod, chance: number, useTokens: boolean, options: ForecastOptions): Backtest | string {
  const largest = Math.max(...points.map((p) => p.params));
  const rest = points.filter((p) => p.params < largest);
  const heldOut = points.filter((p) => p.params === largest);
  if (sizes(rest) < MIN_SIZES[method] - 1) return `without its largest size the ladder has ${sizes(rest)} sizes, too few to refit`;
  const curve = fitLadderCurve(rest, method, chance, useTokens);
  if (!curve || curve.problem) return `the ladder without its largest size is not identified${curve?.problem ? `: ${curve.problem}` : ''}`;
  const tokens = heldOut.every((p) => p.tokens !== null) ? mean(heldOut.map((p) => p.tokens!)) : null;
  const matrix = options.matrix?.(rest.length) ?? residualResampleMatrix(rest.length, options.resamples, options.seed + 1);
  const result = predictionIntervals(rest, curve, [{ params: largest, tokens }], { chance, useTokens, matrix, level: options.level });
  if (!result) return 'the bootstrap refits of the ladder without its largest size failed';
  const { accuracy, loss } = result.intervals[0]!;
  const observedAccuracy = mean(heldOut.map((p) => p.accuracy));
  const observedLoss = heldOut.every((p) => p.loss !== null) ? mean(heldOut.map((p) => p.loss!)) : null;
  return {
    heldOut: heldOut.map((p) => p.model),
    params: largest,
    accuracy: { observed: observedAccuracy, predicted: accuracy.estimate, low: accuracy.low, high: accuracy.high, error: accuracy.estimate - observedAccuracy },
    loss: loss && observedLoss !== null ? { observed: observedLoss, predicted: loss.estimate, low: loss.low, high: loss.high, error: loss.estimate - observedLoss } : null,
    covered: observedAccuracy >= accuracy.low && observedAccuracy <= accuracy.high,
  };
}

function targetNotes(target: ForecastTarget, points: LadderPoint[], tokensUsed: boolean, tokensVary: boolean): string[] {
  const notes: string[] = [];
  const largest = Math.max(...points.map((p) => p.params));
  const decades = Math.log10(target.params / largest);
  if (decades > 1) notes.push(`${decades.toFixed(1)} decades beyond the largest model measured: the interval assumes the curve holds that far`);
  if (target.tokens !== null && !tokensUsed) {
    const known = points.filter((p) => p.tokens !== null).length;
    const why = tokensVary ? 'only the chained method (a task loss for every model, ≥ 5 sizes) fits their effect'
      : known === points.length ? "the ladder's training tokens do not vary enough (≥ 3 values, ≥ 7 models) to fit their effect"
      : 'the data give no training tokens for every model';
    notes.push(`${why}; the ${formatParams(target.tokens)} tokens asked for are not used`);
  }
  return notes;
}

/**
 * Forecasts accuracy (and task loss) of a new model at each target, with a prediction interval
 * and a back-test on the ladder itself. Chained method when every model has a task loss and there
 * are ≥ 5 sizes, else the direct fit (≥ 4 sizes); an unidentified fit gives no forecast, only why.
 * Training tokens enter the loss law when every model has them, they take ≥ 3 values and there
 * are ≥ 7 models.
 */
export function forecastTask(models: LadderPoint[], chance: number, targets: ForecastTarget[], options: ForecastOptions = DEFAULT_FORECAST_OPTIONS): TaskForecasts {
  const points = models.filter((p) => Number.isFinite(p.accuracy));
  const notes: string[] = [];
  const useTokens = points.every((p) => p.tokens !== null) && new Set(points.map((p) => p.tokens)).size >= 3 && points.length >= 7;
  let method: ForecastMethod = points.every((p) => p.loss !== null) && sizes(points) >= MIN_SIZES.chained ? 'chained' : 'direct';
  if (sizes(points) < MIN_SIZES.direct) return { forecasts: [], note: `no forecast: ${sizes(points)} sizes with accuracy; a back-tested forecast needs at least ${MIN_SIZES.direct} (${MIN_SIZES.chained} with task loss)` };
  let curve = fitLadderCurve(points, method, chance, useTokens);
  if (method === 'chained' && (!curve || curve.problem)) {
    notes.push(`chained method not identified (${curve?.problem ?? 'could not be fitted'}); accuracy fitted directly on log N instead`);
    method = 'direct';
    curve = fitLadderCurve(points, method, chance, false);
  }
  if (!curve || curve.problem) return { forecasts: [], note: `no forecast: ${curve?.problem ?? 'the curve could not be fitted'}` };
  const tokensUsed = method === 'chained' && useTokens;
  const usable = targets.filter((target) => !(tokensUsed && target.tokens === null));
  const missing = targets.filter((target) => !usable.includes(target)).map((target) => formatParams(target.params));
  const missingNote = missing.length > 0 ? `no forecast at ${missing.join(', ')}: the loss law uses training tokens, so give them (e.g. ${missing[0]}@300b)` : null;
  if (usable.length === 0) return { forecasts: [], note: missingNote };
  const matrix = options.matrix?.(points.length) ?? residualResampleMatrix(points.length, options.resamples, options.seed);
  const grid = tokensUsed ? [] : curveGrid(points, usable);
  const result = predictionIntervals(points, curve, [...usable, ...grid], { chance, useTokens: tokensUsed, matrix, level: options.level });
  if (!result) return { forecasts: [], note: 'no forecast: most bootstrap refits of the curve failed' };
  const backtest = runBacktest(points, method, chance, tokensUsed, options);
  const fit = describeFit(curve, tokensUsed, result.refits, result.df);
  fit.curve = tokensUsed ? null : grid.map((target, i) => ({ params: target.params, ...result.intervals[usable.length + i]!.accuracy }));
  const forecasts = usable.map((target, i): Forecast => ({
    params: target.params,
    tokens: target.tokens,
    level: options.level,
    ...result.intervals[i]!,
    method,
    fit,
    backtest: typeof backtest === 'string' ? null : backtest,
    backtestNote: typeof backtest === 'string' ? backtest : null,
    flagged: typeof backtest !== 'string' && !backtest.covered,
    notes: [...notes, ...targetNotes(target, points, tokensUsed, useTokens)],
  }));
  return { forecasts, note: missingNote };
}
