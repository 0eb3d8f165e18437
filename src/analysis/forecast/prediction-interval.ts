import { unsafeUniformIntDistribution, xorshift128plus } from 'pure-rand';
import { criticalValue } from '../distributions.js';
import { fitLadderCurve, lossParameterCount, type LadderCurve, type LadderPoint } from './ladder-curve.js';
import type { ForecastTarget, PredictionInterval } from './forecast-types.js';

/**
 * B × (k + 1) residual indices in [0, k): row b gives model i the residual of model
 * matrix[b·(k+1) + i]; the last column is the residual of the new model at the target.
 */
export function residualResampleMatrix(models: number, resamples: number, seed: number): Int32Array {
  const rng = xorshift128plus(seed);
  const matrix = new Int32Array(resamples * (models + 1));
  for (let i = 0; i < matrix.length; i++) matrix[i] = unsafeUniformIntDistribution(0, models - 1, rng);
  return matrix;
}

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
const centred = (values: number[], parameters: number): number[] => {
  const m = mean(values);
  const inflate = Math.sqrt(values.length / (values.length - parameters));
  return values.map((v) => (v - m) * inflate);
};
const sd = (values: number[]): number => {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
};

export interface IntervalOptions {
  chance: number;
  useTokens: boolean;
  /** From residualResampleMatrix (k = points.length). */
  matrix: Int32Array;
  level: number;
}

/** Interval of each target, plus how many bootstrap refits succeeded. */
export interface IntervalResult {
  intervals: Array<{ accuracy: PredictionInterval; loss: PredictionInterval | null }>;
  refits: number;
  df: number;
}

/**
 * Prediction intervals for a new model at each target: a residual bootstrap over whole models
 * (each model's residuals, scaled by √(k/(k−p)), are reassigned; the chained method carries a
 * model's loss and accuracy residuals together and refits both stages) gives draws of the refitted
 * curve at the target plus a new model's own residual. The interval is estimate ± t(level, k − p)
 * × the SD of those draws: parameter uncertainty and between-model scatter together, with the
 * small-ladder t quantile. Null when fewer than 80% of the refits succeed.
 */
export function predictionIntervals(points: LadderPoint[], curve: LadderCurve, targets: ForecastTarget[], options: IntervalOptions): IntervalResult | null {
  const k = points.length;
  const width = k + 1;
  const resamples = options.matrix.length / width;
  const lossCount = lossParameterCount(options.useTokens);
  const parameterCount = curve.method === 'chained' ? lossCount : 2;
  const df = k - parameterCount;
  if (df < 1) return null;
  const accuracyResiduals = centred(curve.accuracyResiduals, 2);
  const lossResiduals = curve.lossResiduals ? centred(curve.lossResiduals, lossCount) : null;
  const accuracyDraws: number[][] = targets.map(() => []);
  const lossDraws: number[][] = targets.map(() => []);
  for (let b = 0; b < resamples; b++) {
    const row = (i: number): number => options.matrix[b * width + i]!;
    const resampled: LadderPoint[] = points.map((point, i) => {
      if (!lossResiduals) return { ...point, accuracy: curve.accuracyFit.predict(Math.log10(point.params)) + accuracyResiduals[row(i)]! };
      const loss = curve.fittedLoss![i]! + lossResiduals[row(i)]!;
      return { ...point, loss, accuracy: curve.accuracyFit.predict(-loss) + accuracyResiduals[row(i)]! };
    });
    const refit = fitLadderCurve(resampled, curve.method, options.chance, options.useTokens);
    if (!refit) continue;
    const shift = lossResiduals ? lossResiduals[row(k)]! : 0;
    const draws = targets.map((target) => ({ accuracy: refit.predictAccuracy(target, shift) + accuracyResiduals[row(k)]!, loss: refit.predictLoss(target) }));
    if (draws.some((draw) => !Number.isFinite(draw.accuracy))) continue;
    draws.forEach((draw, t) => {
      accuracyDraws[t]!.push(draw.accuracy);
      if (draw.loss !== null) lossDraws[t]!.push(draw.loss + shift);
    });
  }
  const refits = accuracyDraws[0]?.length ?? 0;
  if (refits < 0.8 * resamples || refits < 2) return null;
  const t = criticalValue(options.level, df);
  const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));
  const intervals = targets.map((target, i) => {
    const accuracyEstimate = clamp(curve.predictAccuracy(target), options.chance, 1);
    const accuracyHalf = t * sd(accuracyDraws[i]!);
    const lossEstimate = curve.predictLoss(target);
    const lossHalf = lossEstimate !== null ? t * sd(lossDraws[i]!) : 0;
    return {
      accuracy: { estimate: accuracyEstimate, low: clamp(accuracyEstimate - accuracyHalf, 0, 1), high: clamp(accuracyEstimate + accuracyHalf, 0, 1) },
      loss: lossEstimate === null ? null : { estimate: lossEstimate, low: Math.max(0, lossEstimate - lossHalf), high: lossEstimate + lossHalf },
    };
  });
  return { intervals, refits, df };
}
