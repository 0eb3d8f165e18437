/**
 * One aggregate measurement of one model on one task: a row of a measurement table.
 * Accuracy and confidence are kept both as fractions (for scalegap's analysis) and as percentages
 * (for the notebook block), each in the unit the user gave it, so that a percentage never
 * round-trips through a fraction.
 */
export interface Measurement {
  task: string;
  /** Model family (a ladder); null when the input names none. */
  family: string | null;
  model: string;
  /** Parameter count (a positive number). */
  params: number;
  /** Accuracy as a fraction in [0, 1]. */
  accuracy: number | null;
  /** Accuracy in percent in [0, 100]: as given, or accuracy × 100. */
  accuracyPct: number | null;
  /** Mean loss of the gold answer in nats. */
  loss: number | null;
  /** Mean confidence as a fraction in [0, 1]. */
  confidence: number | null;
  /** Mean confidence in percent: as given, or confidence × 100. */
  confidencePct: number | null;
  /** Number of items behind the accuracy. */
  n: number | null;
  /** A known standard error of the accuracy (fraction), used as the sampling SE. */
  accuracySe: number | null;
  /** Standard error of the loss, when the source gives one. */
  lossSe: number | null;
  /** Accuracy of random guessing (fraction). */
  chance: number | null;
  /** Price in USD per million tokens, when given. */
  costPerMTok: number | null;
  /** Training tokens of the model (`300b`, `4t`), when given; the forecast's loss law can use them. */
  tokens?: number | null;
  /** Where the row came from (file name or data source). */
  source: string | null;
}

/** A measurement with every optional field empty, for readers to fill. */
export function emptyMeasurement(task: string, model: string, params: number): Measurement {
  return {
    task,
    family: null,
    model,
    params,
    accuracy: null,
    accuracyPct: null,
    loss: null,
    confidence: null,
    confidencePct: null,
    n: null,
    accuracySe: null,
    lossSe: null,
    chance: null,
    costPerMTok: null,
    source: null,
  };
}
