import type { OverconfidenceTrend, SlopeEstimate, Verdict } from './task-analysis.js';

/** A (low, high) interval; both ends null when it cannot be computed. */
export interface Interval {
  low: number | null;
  high: number | null;
}

export interface VerdictInputs {
  /** Number of distinct model sizes with an accuracy. */
  distinctSizes: number;
  accuracy: SlopeEstimate | null;
  /** The 90% interval of the accuracy slope, for the equivalence (TOST) test. */
  accuracy90: Interval | null;
  loss: SlopeEstimate | null;
  /** Flatness margin per decade (fraction). */
  delta: number;
}

const hasInterval = (interval: Interval | null | undefined): interval is { low: number; high: number } =>
  !!interval && interval.low !== null && interval.high !== null;

/** The verdict of DESIGN.md section 3: the first rule that matches wins. */
export function scalingVerdict(inputs: VerdictInputs): Verdict {
  const { accuracy, accuracy90, loss, delta } = inputs;
  if (inputs.distinctSizes < 3 || !hasInterval(accuracy)) return 'insufficient';
  if (accuracy.high < 0) return 'inverse';
  if (accuracy.low > 0) return 'improving';
  if (hasInterval(loss) && loss.high < 0) return 'decoupled';
  if (hasInterval(accuracy90) && accuracy90.low > -delta && accuracy90.high < delta) return 'flat';
  return 'inconclusive';
}

/** The overconfidence flag from the slope of the gap (confidence − accuracy). */
export function overconfidenceTrend(gap: SlopeEstimate | null, gap90: Interval | null, delta: number): OverconfidenceTrend {
  if (!hasInterval(gap)) return 'unknown';
  if (gap.low > 0) return 'growing';
  if (gap.high < 0) return 'shrinking';
  if (hasInterval(gap90) && gap90.low > -delta && gap90.high < delta) return 'stable';
  return 'unknown';
}
