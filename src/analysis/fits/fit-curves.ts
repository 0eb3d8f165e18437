import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { criticalValue } from '../distributions.js';
import { ols } from '../ols.js';
import { percentile } from '../items/percentile.js';
import type { CurveFit, IntervalEstimate } from '../task-analysis.js';
import { aicc, fitLinear, fitPowerLaw, fitSigmoid, type FormFit } from './curve-forms.js';

/** Per-model values across sizes, optionally with item-bootstrap draws of them. */
export interface CurveFitInput {
  /** log10(params) per model. */
  x: number[];
  accuracy: Array<number | null>;
  loss: Array<number | null>;
  /** Accuracy of guessing (the sigmoid's floor). */
  chance: number;
  /** Item-bootstrap draw b of model j's accuracy / loss (paired data), when available. */
  accuracyDraw?: (b: number, j: number) => number;
  lossDraw?: (b: number, j: number) => number;
  resamples?: number;
  seed: number;
}

export const MIN_SIZES_FOR_FITS = 5;
const REFITS = 200;

type Fitter = (x: number[], y: number[]) => FormFit | null;

interface Series {
  x: number[];
  y: number[];
  models: number[];
}

function series(x: number[], values: Array<number | null>): Series {
  const models = values.map((value, j) => (value === null || !Number.isFinite(value) ? -1 : j)).filter((j) => j >= 0);
  return { x: models.map((j) => x[j]!), y: models.map((j) => values[j]!), models };
}

/** Percentile interval of refits on (item-resampled values + resampled, rescaled residuals). */
function refitInterval(data: Series, fit: FormFit, fitter: Fitter, at: number, draw: ((b: number, j: number) => number) | undefined, resamples: number, seed: number): [number, number] | null {
  const k = data.x.length;
  const fitted = data.x.map((xi) => fit.predict(xi));
  const scale = Math.sqrt(k / Math.max(1, k - fit.count));
  const residuals = data.y.map((yi, i) => (yi - fitted[i]!) * scale);
  const rng = xoroshiro128plus(seed);
  const predictions: number[] = [];
  for (let r = 0; r < REFITS; r++) {
    const b = draw && resamples > 0 ? unsafeUniformIntDistribution(0, resamples - 1, rng) : -1;
    const y = data.x.map((_, i) => {
      const itemNoise = b >= 0 ? draw!(b, data.models[i]!) - data.y[i]! : 0;
      return fitted[i]! + itemNoise + residuals[unsafeUniformIntDistribution(0, k - 1, rng)]!;
    });
    const refit = fitter(data.x, y);
    if (refit) predictions.push(refit.predict(at));
  }
  if (predictions.length < REFITS / 2) return null;
  return [percentile(predictions, 2.5), percentile(predictions, 97.5)];
}

function linearMeanInterval(data: Series, at: number): [number, number] | null {
  const fit = ols(data.x, data.y);
  if (!fit || fit.count < 3) return null;
  const s = Math.sqrt(fit.rss / (fit.count - 2));
  const half = criticalValue(0.95, fit.count - 2) * s * Math.sqrt(1 / fit.count + (at - fit.meanX) ** 2 / fit.sxx);
  const center = fit.intercept + fit.slope * at;
  return [center - half, center + half];
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

function fitForm(form: CurveFit['form'], metric: CurveFit['metric'], data: Series, fitter: Fitter, input: CurveFitInput, draw: CurveFitInput['accuracyDraw'], allowExtrapolation: string | null): CurveFit {
  const empty: CurveFit = { form, metric, identified: false, parameters: null, aicc: null, extrapolationError: null, predictedNextDecade: null, selected: false, note: null };
  const fit = fitter(data.x, data.y);
  if (!fit) return { ...empty, note: 'could not be fitted' };
  if (fit.problem) return { ...empty, note: `not identified: ${fit.problem}` };
  const xMax = Math.max(...data.x);
  const without = data.x.map((xi, i) => (xi < xMax ? i : -1)).filter((i) => i >= 0);
  const heldOut = data.x.map((xi, i) => (xi === xMax ? data.y[i]! : null)).filter((v): v is number => v !== null);
  const partial = fitter(without.map((i) => data.x[i]!), without.map((i) => data.y[i]!));
  const observedLargest = heldOut.reduce((sum, v) => sum + v, 0) / heldOut.length;
  const extrapolationError = partial && !partial.problem ? Math.abs(partial.predict(xMax) - observedLargest) : null;
  let predictedNextDecade: IntervalEstimate | null = null;
  const at = xMax + 1;
  if (allowExtrapolation === null) {
    const bounds = metric === 'accuracy' ? [0, 1] : [0, Number.POSITIVE_INFINITY];
    const estimate = clamp(fit.predict(at), bounds[0]!, bounds[1]!);
    let interval = refitInterval(data, fit, fitter, at, draw, input.resamples ?? 0, input.seed);
    if (form === 'linear-log') {
      const tInterval = linearMeanInterval(data, at);
      if (tInterval && (!interval || tInterval[1] - tInterval[0] > interval[1] - interval[0])) interval = tInterval;
    }
    predictedNextDecade = {
      estimate,
      low: interval ? clamp(interval[0], bounds[0]!, bounds[1]!) : null,
      high: interval ? clamp(interval[1], bounds[0]!, bounds[1]!) : null,
    };
  }
  return {
    form,
    metric,
    identified: true,
    parameters: fit.parameters,
    aicc: aicc(fit.rss, data.x.length, fit.count),
    extrapolationError,
    predictedNextDecade,
    selected: false,
    note: allowExtrapolation,
  };
}

/**
 * Curve fits of DESIGN.md section 3 when a ladder has ≥ 5 sizes: accuracy linear and sigmoid in
 * log N (the chosen one by AICc, ties by leave-largest-out error), loss power law. A falling
 * accuracy trend is never extrapolated; a curve the data cannot pin down is "not identified".
 */
export function fitCurves(input: CurveFitInput): CurveFit[] {
  const fits: CurveFit[] = [];
  const accuracy = series(input.x, input.accuracy);
  if (new Set(accuracy.x).size >= MIN_SIZES_FOR_FITS) {
    const trend = ols(accuracy.x, accuracy.y);
    const refuse = trend && trend.slope <= 0 ? 'not extrapolated: accuracy does not rise with size' : null;
    fits.push(fitForm('linear-log', 'accuracy', accuracy, fitLinear, input, input.accuracyDraw, refuse));
    fits.push(fitForm('sigmoid-log', 'accuracy', accuracy, (x, y) => fitSigmoid(x, y, input.chance), input, input.accuracyDraw, refuse));
    const candidates = fits.filter((fit) => fit.identified && fit.aicc !== null);
    candidates.sort((a, b) => a.aicc! - b.aicc! || (a.extrapolationError ?? Infinity) - (b.extrapolationError ?? Infinity));
    if (candidates[0]) candidates[0].selected = true;
  }
  const loss = series(input.x, input.loss);
  if (new Set(loss.x).size >= MIN_SIZES_FOR_FITS) {
    fits.push(fitForm('power-law', 'loss', loss, fitPowerLaw, input, input.lossDraw, null));
  }
  return fits;
}
