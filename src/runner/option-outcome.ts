/** What one multiple-choice answer distribution says about an item. */
export interface OptionOutcome {
  /** Index of the chosen option (argmax of the summed log-probabilities). */
  chosen: number;
  correct: boolean;
  /** Probability of the chosen option renormalised over the options. */
  confidence: number;
  /** −log of the gold option's probability renormalised over the options (nats). */
  loss: number;
  /** Raw log-probability of the gold option (nats). */
  goldLogprob: number;
  /** Correctness of the argmax of log-probability per UTF-8 byte (acc_norm); null without byte lengths. */
  correctNorm: boolean | null;
  /** Total probability the model puts on the options, Σ exp(log p); in (0, 1] for a proper model. */
  optionMass: number;
}

function argmax(values: number[]): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index]! > values[best]!) best = index;
  return best;
}

function logSumExp(values: number[]): number {
  const top = Math.max(...values);
  if (top === -Infinity) return -Infinity;
  return top + Math.log(values.reduce((sum, value) => sum + Math.exp(value - top), 0));
}

/**
 * Turns per-option summed log-probabilities into the item's outcome. Ties go to the lowest index.
 * `optionBytes` are the UTF-8 byte lengths of the scored continuations (for acc_norm).
 */
export function optionOutcome(optionLogprobs: number[], gold: number, optionBytes?: number[]): OptionOutcome {
  if (optionLogprobs.length < 2 || gold < 0 || gold >= optionLogprobs.length) {
    throw new RangeError(`need at least two options and a gold index inside them (got ${optionLogprobs.length}, gold ${gold})`);
  }
  const total = logSumExp(optionLogprobs);
  const chosen = argmax(optionLogprobs);
  const normalised = optionBytes?.map((bytes, index) => optionLogprobs[index]! / Math.max(1, bytes));
  return {
    chosen,
    correct: chosen === gold,
    confidence: Math.exp(optionLogprobs[chosen]! - total),
    loss: total - optionLogprobs[gold]!,
    goldLogprob: optionLogprobs[gold]!,
    correctNorm: normalised ? argmax(normalised) === gold : null,
    optionMass: Math.exp(total),
  };
}

function letterIndex(token: string): number {
  const text = token.trim();
  return text.length === 1 ? text.charCodeAt(0) - 65 : -1;
}

/**
 * Log-probability of each letter among the top alternatives of one generated token; -Infinity when absent.
 * `indexOf` reads a token as a label index (-1: none); default: a single capital letter A, B, C…
 */
export function letterLogprobs(top: Array<{ token: string; logprob: number }>, letterCount: number, indexOf: (token: string) => number = letterIndex): number[] {
  const perLetter: number[][] = Array.from({ length: letterCount }, () => []);
  for (const alternative of top) {
    const index = indexOf(alternative.token);
    if (index >= 0 && index < letterCount) perLetter[index]!.push(alternative.logprob);
  }
  return perLetter.map((values) => (values.length === 0 ? -Infinity : logSumExp(values)));
}
