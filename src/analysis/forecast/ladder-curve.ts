import { fitLinear, fitSigmoid, type FormFit } from '../fits/curve-forms.js';
import { fitLossLaw, type LossLaw } from './loss-law.js';
import type { ForecastMethod, ForecastTarget } from './forecast-types.js';

/** One measured model of a ladder as the forecast uses it (fractions, nats). */
export interface LadderPoint {
  model: string;
  params: number;
  tokens: number | null;
  accuracy: number;
  loss: number | null;
}

/** A fitted ladder: the curves and the model-level residuals the bootstrap resamples. */
export interface LadderCurve {
  method: ForecastMethod;
  lossLaw: LossLaw | null;
  /** Chained: accuracy on x = −loss; direct: accuracy on x = log10 N. */
  accuracyFit: FormFit;
  /** Fitted loss per model (chained) and the residuals around it. */
  fittedLoss: number[] | null;
  lossResiduals: number[] | null;
  /** Chained: accuracy − sigmoid(observed loss); direct: accuracy − line. */
  accuracyResiduals: number[];
  /** Null when identified, else why not. */
  problem: string | null;
  /** Mean-curve loss at a target (null for the direct method). */
  predictLoss: (target: ForecastTarget) => number | null;
  /** Mean-curve accuracy at a target; `lossShift` moves the chained method's task loss first. */
  predictAccuracy: (target: ForecastTarget, lossShift?: number) => number;
}

/** Mean-curve parameters per method: loss law (3, or 5 with tokens) plus sigmoid (2); line (2). */
export function lossParameterCount(useTokens: boolean): number {
  return useTokens ? 5 : 3;
}

/**
 * Fits one method to a ladder. Chained (Bhagia et al. 2024, "Establishing Task Scaling Laws via
 * Compute-Efficient Model Ladders"): L(N[, D]) = E + A/N^α (+ B/D^β), then accuracy from task loss
 * as chance + (1 − chance)·logistic(s·(L₀ − L)); direct: accuracy = a + b·log10 N.
 * Null when the fitter cannot run at all (too few points).
 */
export function fitLadderCurve(points: LadderPoint[], method: ForecastMethod, chance: number, useTokens: boolean): LadderCurve | null {
  const accuracy = points.map((p) => p.accuracy);
  if (method === 'direct') {
    const fit = fitLinear(points.map((p) => Math.log10(p.params)), accuracy);
    if (!fit) return null;
    const problem = fit.parameters.slopePerDecade! > 0 ? null : 'accuracy does not rise with size (a flat or falling trend is never extrapolated)';
    return {
      method,
      lossLaw: null,
      accuracyFit: fit,
      fittedLoss: null,
      lossResiduals: null,
      accuracyResiduals: points.map((p, i) => accuracy[i]! - fit.predict(Math.log10(p.params))),
      problem,
      predictLoss: () => null,
      predictAccuracy: (target) => fit.predict(Math.log10(target.params)),
    };
  }
  const loss = points.map((p) => p.loss!);
  const law = fitLossLaw(points.map((p) => p.params), loss, useTokens ? points.map((p) => p.tokens!) : null);
  const sigmoid = fitSigmoid(loss.map((l) => -l), accuracy, chance);
  if (!law || !sigmoid) return null;
  const fittedLoss = points.map((p) => law.predict(p.params, p.tokens));
  const problem = law.problem ? `task loss: ${law.problem}` : sigmoid.problem ? `accuracy from task loss: ${sigmoid.problem}` : null;
  return {
    method,
    lossLaw: law,
    accuracyFit: sigmoid,
    fittedLoss,
    lossResiduals: loss.map((l, i) => l - fittedLoss[i]!),
    accuracyResiduals: accuracy.map((a, i) => a - sigmoid.predict(-loss[i]!)),
    problem,
    predictLoss: (target) => law.predict(target.params, target.tokens),
    predictAccuracy: (target, lossShift = 0) => sigmoid.predict(-(law.predict(target.params, target.tokens) + lossShift)),
  };
}
