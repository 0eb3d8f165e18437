import type { MultiplicityOptions, TaskMultiplicity } from './adjust-verdicts.js';
import type { NotebookResult } from './notebook.js';

/** An estimate with its standard error and 95% interval; null fields when not computable. */
export interface SlopeEstimate {
  estimate: number;
  se: number | null;
  low: number | null;
  high: number | null;
  /** Which uncertainty set the interval: model scatter, item sampling, or the paired bootstrap. */
  uncertainty: 'between-models' | 'sampling' | 'bootstrap' | null;
  /** Item-level data: the paired item bootstrap's percentile interval (and the SD of its draws). */
  bootstrap?: IntervalWithSe | null;
  /** Item-level data: the residual-based interval (t, df = k − 2) from the scatter of the models. */
  residual?: IntervalWithSe | null;
  /** Item-level accuracy slope: the 90% interval of the equivalence (TOST) and decoupling tests. */
  interval90?: { low: number; high: number } | null;
}

/** A (low, high) interval with the standard error it came from. */
export interface IntervalWithSe {
  low: number;
  high: number;
  se: number;
}

/** A point estimate with its 95% interval (null ends when no interval can be computed). */
export interface IntervalEstimate {
  estimate: number;
  low: number | null;
  high: number | null;
}

/** Calibration of one model's confidence on item-level data, each with a paired bootstrap 95% CI. */
/** One bin of a reliability diagram: mean confidence, accuracy and item count in the bin. */
export interface ReliabilityBin {
  confidence: number;
  accuracy: number;
  count: number;
}

export interface CalibrationSummary {
  /** The 10 equal-mass bins of the ECE (stable sort, numpy.array_split), for reliability diagrams. */
  bins?: ReliabilityBin[];
  /** Mean confidence − accuracy (signed overconfidence). */
  gap: IntervalEstimate | null;
  /** ECE, 10 equal-mass top-label bins (stable sort, split like numpy.array_split). */
  ece: IntervalEstimate | null;
  /** ECE, 15 equal-width bins. */
  eceEqualWidth: IntervalEstimate | null;
  /** Smooth ECE (Błasiok & Nakkiran 2023) at its fixed-point bandwidth. */
  smoothEce: IntervalEstimate | null;
  brier: IntervalEstimate | null;
  /**
   * Murphy decomposition over the 10 equal-mass bins: the binned approximation (brier ≈ reliability −
   * resolution + uncertainty; exact only when every bin holds a single confidence value).
   */
  brierReliability: IntervalEstimate | null;
  brierResolution: IntervalEstimate | null;
  brierUncertainty: IntervalEstimate | null;
  /** Mean NLL of the gold option (nats), where option probabilities exist. */
  nll: IntervalEstimate | null;
  /** AUROC of confidence for correctness (ties count one half, as in Mann–Whitney U). */
  auroc: IntervalEstimate | null;
  /** Area under the risk–coverage curve. */
  aurc: IntervalEstimate | null;
  /** Accuracy on the 50% / 80% most confident items. */
  selectiveAccuracy50: IntervalEstimate | null;
  selectiveAccuracy80: IntervalEstimate | null;
  /**
   * The test of the ECE-type intervals against perfect calibration: p-values of each estimate among
   * `draws` outcome draws y ~ Bernoulli(confidence); the interval's low end is 0 when p ≥ 0.05.
   */
  perfectCalibration?: { draws: number; pValues: Record<'ece' | 'eceEqualWidth' | 'smoothEce' | 'brierReliability', number | null> };
}

/** A curve fitted across sizes (DESIGN.md section 3, when ≥ 5 sizes). */
export interface CurveFit {
  /** `linear-log`: acc = a + b·log10 N; `sigmoid-log`: acc = chance + (1 − chance)/(1 + e^(−s(log10 N − m))); `power-law`: L = E + A·N^(−α). */
  form: 'linear-log' | 'sigmoid-log' | 'power-law';
  metric: 'accuracy' | 'loss';
  /** False when the data cannot pin the curve down (then parameters and predictions are null). */
  identified: boolean;
  parameters: Record<string, number> | null;
  aicc: number | null;
  /** |prediction − observed| for the largest model, fitted without it. */
  extrapolationError: number | null;
  /** The value of a new model one decade above the largest, with a 95% prediction interval (curve uncertainty plus the scatter of whole models); null when not extrapolated. */
  predictedNextDecade: IntervalEstimate | null;
  /** True for the accuracy form chosen (by AICc, ties broken by extrapolation error). */
  selected: boolean;
  note: string | null;
}

export type Verdict = 'insufficient' | 'inverse' | 'improving' | 'decoupled' | 'flat' | 'inconclusive';
export type OverconfidenceTrend = 'growing' | 'shrinking' | 'stable' | 'unknown';
export type RecommendationAction =
  | 'scale-up'
  | 'use-smaller'
  | 'dont-scale'
  | 'hybrid'
  | 'collect-more-data'
  | 'insufficient-data';

export interface Recommendation {
  action: RecommendationAction;
  /** The model to deploy, when one can be named. */
  model: string | null;
  /** One plain sentence a person can act on. */
  reason: string;
  /** Items per model that would settle an inconclusive verdict, when more items can settle it. */
  itemsNeeded?: number | null;
  /** The numbers the decision rests on. */
  evidence?: Record<string, unknown>;
}

/** One model's aggregate figures as the analysis used them (fractions, nats). */
export interface ModelSummary {
  model: string;
  params: number;
  /** Training tokens, when the input gives them. */
  tokens?: number | null;
  accuracy: number | null;
  loss: number | null;
  confidence: number | null;
  n: number | null;
  accuracySe: number | null;
  /** Item-level data: number of items. */
  items?: number;
  /** Item-level data: calibration with bootstrap CIs (null when the model has no confidences). */
  calibration?: CalibrationSummary | null;
}

export interface TaskSlopes {
  accuracy: SlopeEstimate | null;
  loss: SlopeEstimate | null;
  confidence: SlopeEstimate | null;
  gap: SlopeEstimate | null;
}

/** Everything scalegap concludes about one (task, family) ladder. */
export interface TaskAnalysis {
  task: string;
  family: string | null;
  /** Accuracy of random guessing on the task, when the input gives it (charts draw it as a line). */
  chance?: number | null;
  models: ModelSummary[];
  notebook: NotebookResult | null;
  slopes: TaskSlopes;
  verdict: Verdict;
  overconfidence: OverconfidenceTrend;
  /** True when a smaller model beats a larger one by more than the uncertainty; null when unknown. */
  nonMonotonic: boolean | null;
  angleDeg: number | null;
  /** `paired-bootstrap` when the slopes rest on item-level data, else `aggregate`. */
  slopeMethod: 'paired-bootstrap' | 'aggregate';
  /** Curve fits (≥ 5 sizes); empty otherwise. */
  fits: CurveFit[];
  /** `--forecast`: accuracy (and loss) at each target size with 90% prediction intervals. */
  forecasts?: import('./forecast/forecast-types.js').Forecast[];
  /** `--forecast`: why there is no forecast (or none for some targets); null when all were made. */
  forecastNote?: string | null;
  /** Power and signal-to-noise of the accuracy trend with the items and sizes measured. */
  power?: import('./power/task-power.js').TaskPower | null;
  recommendation: Recommendation;
  /** Prompt brittleness (consistency under versions of the items), when the run asked versions. */
  brittleness?: import('./brittleness/analyze-brittleness.js').TaskBrittleness;
  /** Items sampled K > 1 times: per model, repeat noise apart from item noise, pass@k and majority vote. */
  sampling?: Array<import('./sampling/repeat-sampling.js').RepeatSampling & { model: string; params: number }>;
  /** Plain-language notes (why a verdict is what it is, where it disagrees with the notebook). */
  notes: string[];
  /** The verdict's test p-value and its adjustment across the tasks of the analysis. */
  multiplicity?: TaskMultiplicity;
}

/** Options of the analysis (CLI flags map onto these). */
export interface AnalysisOptions {
  /** Flatness margin for the accuracy slope, per decade of parameters (fraction). */
  delta: number;
  /** Non-inferiority margin for the recommendation (fraction). */
  margin: number;
  /** Adjustment of the verdict-deciding tests across tasks (Holm at 5% by default). */
  adjust: MultiplicityOptions;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = { delta: 0.05, margin: 0.03, adjust: { method: 'holm', level: 0.05 } };
