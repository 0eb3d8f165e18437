/** A size to forecast: parameters and, optionally, training tokens (`70b`, `405b@15t`). */
export interface ForecastTarget {
  params: number;
  tokens: number | null;
}

/** A forecast value with its 90% prediction interval (for a new model, not the mean curve). */
export interface PredictionInterval {
  estimate: number;
  low: number;
  high: number;
}

/** `chained`: task loss from N (and D) by a power law, then accuracy from loss by a sigmoid; `direct`: accuracy linear in log10 N. */
export type ForecastMethod = 'chained' | 'direct';

/** Refit without the largest size, predicting it: the method's error on the user's own ladder. */
export interface Backtest {
  /** The models left out (all models at the largest size). */
  heldOut: string[];
  params: number;
  /** Observed mean accuracy of the held-out models, the prediction and its interval. */
  accuracy: { observed: number; predicted: number; low: number; high: number; error: number };
  loss: { observed: number; predicted: number; low: number; high: number; error: number } | null;
  /** True when the observed accuracy lies inside the back-test's own 90% interval. */
  covered: boolean;
}

/** The fitted curves a forecast rests on (JSON: the method and its parameters). */
export interface ForecastFit {
  method: ForecastMethod;
  /** Loss law E + A/N^α (+ B/D^β), N and D in raw counts; null for the direct method. */
  loss: Record<string, number> | null;
  /** Accuracy curve: from loss (chained: floor chance, ceiling 1) or from log10 N (direct). */
  accuracy: Record<string, number>;
  /** Root-mean-square scatter of whole models around the curve (accuracy; loss when chained). */
  scatter: { accuracy: number; loss: number | null };
  /** Degrees of freedom of the t quantile of the prediction interval. */
  df: number;
  /** Bootstrap refits (over models) behind the parameter uncertainty. */
  resamples: number;
  /** Accuracy of a new model along the size axis, from the smallest model to past the largest target, with its prediction interval (charts); null when the fit uses tokens. */
  curve: Array<PredictionInterval & { params: number }> | null;
}

/** One forecast of a task at one target size (`tasks[].forecasts[]` in the JSON). */
export interface Forecast {
  params: number;
  tokens: number | null;
  /** Level of the prediction intervals (0.9). */
  level: number;
  accuracy: PredictionInterval;
  loss: PredictionInterval | null;
  method: ForecastMethod;
  fit: ForecastFit;
  /** Null when the ladder without its largest size cannot be fitted (then `backtestNote` says why). */
  backtest: Backtest | null;
  backtestNote: string | null;
  /** True when the back-test missed its own interval: treat this forecast with suspicion. */
  flagged: boolean;
  /** Caveats (extrapolation distance, tokens the fit cannot use, a fallback from the chained method). */
  notes: string[];
}
