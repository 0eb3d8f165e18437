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
  /** The 90% interval of the accuracy slope, for the equivalence (TOST) and decoupling tests. */
  accuracy90: Interval | null;
  loss: SlopeEstimate | null;
  /** Flatness margin per decade (fraction). */
  delta: number;
  /** Each model's accuracy, to tell a ladder with no variation at all (identical values). */
  accuracies: ReadonlyArray<number | null>;
}

/**
 * Below this width (per decade, fraction or nats) an interval is floating-point noise, not an
 * uncertainty estimate: no real measurement is that precise.
 */
export const ROUNDING_WIDTH = 1e-9;

const hasInterval = (interval: Interval | null | undefined): interval is { low: number; high: number } =>
  !!interval && interval.low !== null && interval.high !== null;

/** True when an interval exists and is wider than rounding: evidence a verdict may rest on. */
export function isEvidence(interval: Interval | null | undefined): interval is { low: number; high: number } {
  return hasInterval(interval) && interval.high - interval.low > ROUNDING_WIDTH;
}

/** True when every value is the same to rounding (and there are some). */
export function identicalValues(values: ReadonlyArray<number | null>): boolean {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (known.length === 0) return false;
  return Math.max(...known) - Math.min(...known) <= ROUNDING_WIDTH;
}

/** The verdict of DESIGN.md section 3: the first rule that matches wins. */
export function scalingVerdict(inputs: VerdictInputs): Verdict {
  const { accuracy, accuracy90, loss, delta } = inputs;
  if (inputs.distinctSizes < 3 || !accuracy) return 'insufficient';
  // No usable uncertainty (none, or zero width): only a ladder with no variation at all says something.
  if (!isEvidence(accuracy)) return identicalValues(inputs.accuracies) ? 'flat' : 'insufficient';
  if (accuracy.high < 0) return 'inverse';
  if (accuracy.low > 0) return 'improving';
  // Decoupled must be shown: loss credibly falls AND accuracy credibly gains less than δ per decade.
  if (isEvidence(loss) && loss.high < 0 && hasInterval(accuracy90) && accuracy90.high < delta) return 'decoupled';
  if (hasInterval(accuracy90) && accuracy90.low > -delta && accuracy90.high < delta) return 'flat';
  return 'inconclusive';
}

/** The overconfidence flag from the slope of the gap (confidence − accuracy); unknown below 3 sizes. */
export function overconfidenceTrend(gap: SlopeEstimate | null, gap90: Interval | null, delta: number, distinctSizes: number): OverconfidenceTrend {
  if (distinctSizes < 3 || !isEvidence(gap)) return 'unknown';
  if (gap.low > 0) return 'growing';
  if (gap.high < 0) return 'shrinking';
  if (hasInterval(gap90) && gap90.low > -delta && gap90.high < delta) return 'stable';
  return 'unknown';
}
