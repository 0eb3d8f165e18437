import { unsafeUniformIntDistribution, xorshift128plus } from 'pure-rand';
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
const REFITS = 100;

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

/** Solves A v = g for a small symmetric system (Gaussian elimination); null when singular. */
export function solveSmall(matrix: number[][], vector: number[]): number[] | null {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (!(Math.abs(a[pivot]![col]!) > 1e-300)) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}

/**
 * Residual-based 95% prediction interval for a new model at `at` (delta method: s²·(1 + gᵀ(JᵀJ)⁻¹g)
 * with numerical derivatives, t quantile with df = k − p): the curve's uncertainty plus the scatter
 * of whole models around it; exact for the line. Null when df < 1.
 */
function deltaInterval(data: Series, fit: FormFit, at: number): [number, number] | null {
  const k = data.x.length;
  const p = fit.theta.length;
  if (k - p < 1) return null;
  // central differences on one scratch copy of θ (no copies per derivative)
  const scratch = [...fit.theta];
  const gradient = (x: number): number[] => fit.theta.map((value, j) => {
    const h = 1e-6 * Math.max(1, Math.abs(value));
    scratch[j] = value + h;
    const up = fit.curve(scratch, x);
    scratch[j] = value - h;
    const down = fit.curve(scratch, x);
    scratch[j] = value;
    return (up - down) / (2 * h);
  });
  const rows = data.x.map(gradient);
  const information = fit.theta.map((_, a) => fit.theta.map((__, b) => {
    let sum = 0;
    for (const row of rows) sum += row[a]! * row[b]!;
    return sum;
  }));
  const g = gradient(at);
  const v = solveSmall(information, g);
  if (!v) return null;
  const variance = (fit.rss / (k - p)) * (1 + g.reduce((sum, gj, j) => sum + gj * v[j]!, 0));
  if (!(variance >= 0)) return null;
  const half = criticalValue(0.95, k - p) * Math.sqrt(variance);
  const center = fit.predict(at);
  return [center - half, center + half];
}

/** Percentile interval of refits on item-resampled per-model values (paired data only). */
function itemInterval(data: Series, fitter: Fitter, at: number, draw: ((b: number, j: number) => number) | undefined, resamples: number, seed: number): [number, number] | null {
  if (!draw || resamples <= 0) return null;
  const rng = xorshift128plus(seed);
  const predictions: number[] = [];
  for (let r = 0; r < REFITS; r++) {
    const b = unsafeUniformIntDistribution(0, resamples - 1, rng);
    const refit = fitter(data.x, data.models.map((j) => draw(b, j)));
    if (refit && Number.isFinite(refit.predict(at))) predictions.push(refit.predict(at));
  }
  if (predictions.length < REFITS / 2) return null;
  return [percentile(predictions, 2.5), percentile(predictions, 97.5)];
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
    // The wider of the residual-based prediction interval (delta method) and the item-bootstrap one.
    const residual = deltaInterval(data, fit, at);
    const items = itemInterval(data, fitter, at, draw, input.resamples ?? 0, input.seed);
    const interval = !items || (residual && residual[1] - residual[0] >= items[1] - items[0]) ? residual : items;
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
