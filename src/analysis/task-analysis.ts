import type { NotebookResult } from './notebook.js';

/** An estimate with its standard error and 95% interval; null fields when not computable. */
export interface SlopeEstimate {
  estimate: number;
  se: number | null;
  low: number | null;
  high: number | null;
  /** Which uncertainty set the interval: model scatter, item sampling, or the paired bootstrap. */
  uncertainty: 'between-models' | 'sampling' | 'bootstrap' | null;
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
  accuracy: number | null;
  loss: number | null;
  confidence: number | null;
  n: number | null;
  accuracySe: number | null;
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
  recommendation: Recommendation;
  /** Plain-language notes (why a verdict is what it is, where it disagrees with the notebook). */
  notes: string[];
}

/** Options of the analysis (CLI flags map onto these). */
export interface AnalysisOptions {
  /** Flatness margin for the accuracy slope, per decade of parameters (fraction). */
  delta: number;
  /** Non-inferiority margin for the recommendation (fraction). */
  margin: number;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = { delta: 0.05, margin: 0.03 };
