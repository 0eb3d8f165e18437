import { ols } from './ols.js';

export type NotebookInterpretation =
  | 'Pathological: Loss improves but accuracy flat'
  | 'Severe pathology: Confident failures'
  | 'Mild pathology: Some scaling issues'
  | 'Healthy: Scaling helps';

export type NotebookAction = 'Scale up' | 'Moderate scaling' | "Don't scale - use hybrid" | 'Test before deciding';

/** The course notebook's block, with its units: natural log of size, accuracy in percent. */
export interface NotebookResult {
  ccg: number;
  lossSlope: number;
  accuracySlope: number;
  interpretation: NotebookInterpretation;
  lossImprovementPct: number;
  accuracyChangePp: number;
  recommendation: NotebookAction;
  reasoning: string;
  suggestedSize: string;
  hybridNeeded: boolean | 'Maybe';
}

/**
 * The notebook's `calculate_ccg` followed by its `recommend_model_size`, exactly: rows ordered by
 * size ascending, x = ln(size), accuracy in percent as the user gave it. Returns null when the
 * slopes cannot be computed (fewer than 2 rows or a single size).
 */
export function notebookAnalysis(sizes: number[], losses: number[], accuraciesPct: number[]): NotebookResult | null {
  const logSizes = sizes.map((size) => Math.log(size));
  const lossFit = ols(logSizes, losses);
  const accuracyFit = ols(logSizes, accuraciesPct);
  if (!lossFit || !accuracyFit) return null;
  const lossSlope = lossFit.slope;
  const accuracySlope = accuracyFit.slope;
  let ccg: number;
  let interpretation: NotebookInterpretation;
  if (Math.abs(accuracySlope) < 0.01) {
    ccg = lossSlope < 0 ? -Infinity : Infinity;
    interpretation = 'Pathological: Loss improves but accuracy flat';
  } else {
    ccg = lossSlope / accuracySlope;
    if (ccg < -10) interpretation = 'Severe pathology: Confident failures';
    else if (ccg < 0) interpretation = 'Mild pathology: Some scaling issues';
    else interpretation = 'Healthy: Scaling helps';
  }
  const last = sizes.length - 1;
  const lossImprovementPct = ((losses[0]! - losses[last]!) / losses[0]!) * 100;
  const accuracyChangePp = accuraciesPct[last]! - accuraciesPct[0]!;
  return {
    ccg,
    lossSlope,
    accuracySlope,
    interpretation,
    lossImprovementPct,
    accuracyChangePp,
    ...notebookRecommendation(ccg === -Infinity ? -100 : ccg, accuracyChangePp),
  };
}

/** The notebook's `recommend_model_size` (its caller replaces a ccg of −∞ by −100 first). */
export function notebookRecommendation(
  ccg: number,
  accuracyChangePp: number,
): Pick<NotebookResult, 'recommendation' | 'reasoning' | 'suggestedSize' | 'hybridNeeded'> {
  if (accuracyChangePp > 20 && ccg > -5) {
    return {
      recommendation: 'Scale up',
      reasoning: 'Scaling provides meaningful accuracy improvements',
      suggestedSize: 'Largest available within budget',
      hybridNeeded: false,
    };
  }
  if (accuracyChangePp > 10 && ccg > -20) {
    return {
      recommendation: 'Moderate scaling',
      reasoning: 'Some benefit from scaling, diminishing returns',
      suggestedSize: '7-13B range',
      hybridNeeded: false,
    };
  }
  if (accuracyChangePp < 10 || ccg < -20) {
    return {
      recommendation: "Don't scale - use hybrid",
      reasoning: "Scaling doesn't help; architectural limitation",
      suggestedSize: 'Smallest that handles NLU (3-7B)',
      hybridNeeded: true,
    };
  }
  return {
    recommendation: 'Test before deciding',
    reasoning: 'Mixed scaling behavior',
    suggestedSize: 'Run experiments at multiple sizes',
    hybridNeeded: 'Maybe',
  };
}
