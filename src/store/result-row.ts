import type { ConfidenceMethod } from '../core/item-result.js';

/** Key of one result: one row per (run, model, item, sample). */
export interface ResultKey {
  modelId: string;
  task: string;
  itemId: string;
  sample: number;
}

/** How strictly parsed text came out: `ok`, or which part could not be read (recorded, never guessed). */
export type ParseStatus = 'ok' | 'answer-unparseable' | 'confidence-unparseable';

/** One stored result: scored (`status: ok`) or a failed request with its reason (`status: error`). */
export interface ResultRow extends ResultKey {
  status: 'ok' | 'error';
  correct: boolean | null;
  /** Chosen option index, or the answer text for free-form items. */
  chosen: number | string | null;
  confidence: number | null;
  method: ConfidenceMethod | null;
  loss: number | null;
  goldLogprob: number | null;
  optionLogprobs: number[] | null;
  correctNorm: boolean | null;
  optionMass: number | null;
  parseStatus: ParseStatus | null;
  responseText: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number | null;
  attempts: number;
  cached: boolean;
  errorReason: string | null;
}

/** A result row with every scoring field empty, for an error or to fill in. */
export function emptyResultRow(key: ResultKey, status: 'ok' | 'error'): ResultRow {
  // the key's fields one by one: a spread followed by this many new fields is a slow path in V8 (~70 µs a row)
  return {
    modelId: key.modelId, task: key.task, itemId: key.itemId, sample: key.sample, status, correct: null, chosen: null, confidence: null, method: null, loss: null, goldLogprob: null,
    optionLogprobs: null, correctNorm: null, optionMass: null, parseStatus: null, responseText: null,
    inputTokens: null, outputTokens: null, costUsd: null, latencyMs: null, attempts: 0, cached: false, errorReason: null,
  };
}
