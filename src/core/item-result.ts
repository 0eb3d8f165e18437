/** How a result's confidence was obtained; methods are never mixed silently in one slope. */
export type ConfidenceMethod = 'option-logprobs' | 'letter-logprobs' | 'verbalized' | 'consistency' | 'given';

/** One model's result on one item: a row of the item results format (DESIGN.md section 6). */
export interface ItemResult {
  task: string;
  family: string | null;
  model: string;
  params: number;
  /** Training tokens of the model, when given. */
  tokens?: number | null;
  item: string;
  correct: boolean;
  /** Confidence in the chosen answer, in [0, 1]; null when none could be obtained. */
  confidence: number | null;
  /** Log-probability of the gold answer (nats), raw, when known. */
  goldLogprob?: number | null;
  /** Per-option summed log-probabilities, when known. */
  optionLogprobs?: number[] | null;
  /** Index (or text) of the chosen answer. */
  chosen?: number | string | null;
  /** −log of the gold option's probability renormalised over the options (nats). */
  loss?: number | null;
  method?: ConfidenceMethod | null;
}
