import type { TaskItem } from '../core/task.js';
import type { GenerateResult, ScoreOptionsResult } from '../providers/spec.js';
import type { ParseStatus } from '../store/result-row.js';
import { parseChoiceLetter, parseVerbalizedReply } from '../tasks/parse-verbalized.js';
import { scoreFreeAnswer } from '../tasks/score-free-answer.js';
import { labelStyle, parseLabel, tokenLabelIndex } from '../tasks/variants/label-styles.js';
import type { MeasuredMethod } from './choose-method.js';
import { methodForItem, type ProviderRequest } from './build-request.js';
import { letterLogprobs, optionOutcome } from './option-outcome.js';

/** The scoring fields of a result, read from a response. */
export interface Interpretation {
  method: MeasuredMethod;
  correct: boolean;
  chosen: number | string | null;
  confidence: number | null;
  loss: number | null;
  goldLogprob: number | null;
  optionLogprobs: number[] | null;
  correctNorm: boolean | null;
  optionMass: number | null;
  parseStatus: ParseStatus;
  responseText: string | null;
}

/** A response that cannot be scored (malformed, truncated, missing fields): recorded as an error. */
export class BadResponseError extends Error {
  override readonly name = 'BadResponseError';
}

const EMPTY = { chosen: null, confidence: null, loss: null, goldLogprob: null, optionLogprobs: null, correctNorm: null, optionMass: null };

function checkScore(response: ScoreOptionsResult, optionCount: number): number[] {
  const values = response?.optionLogprobs;
  if (!Array.isArray(values) || values.length !== optionCount) {
    throw new BadResponseError(`expected ${optionCount} option log-probabilities, got ${Array.isArray(values) ? values.length : 'none'}`);
  }
  for (const value of values) {
    if (typeof value !== 'number' || Number.isNaN(value) || value > 1e-6 || value === Infinity) {
      throw new BadResponseError(`an option log-probability is not a number ≤ 0 (${String(value)})`);
    }
  }
  if (values.every((value) => value === -Infinity)) throw new BadResponseError('every option has probability 0');
  return values;
}

function checkText(response: GenerateResult): string {
  if (typeof response?.text !== 'string') throw new BadResponseError('the response has no generated text');
  return response.text;
}

/** Reads a provider response into the scoring fields of a result; throws BadResponseError when it cannot. */
export function interpretResponse(method: MeasuredMethod, item: TaskItem, request: ProviderRequest, response: unknown): Interpretation {
  const used = methodForItem(method, item);
  if (item.kind === 'choice' && used === 'option-logprobs' && request.kind === 'score') {
    const values = checkScore(response as ScoreOptionsResult, item.choices.length);
    const outcome = optionOutcome(values, item.answer, request.options.map((option) => Buffer.byteLength(option, 'utf8')));
    return { method: used, ...outcome, optionLogprobs: values, parseStatus: 'ok', responseText: null };
  }
  const text = checkText(response as GenerateResult);
  if (item.kind === 'choice' && used === 'letter-logprobs') {
    const first = (response as GenerateResult).tokenLogprobs?.[0];
    if (!first || !Array.isArray(first.top)) throw new BadResponseError('the response has no token log-probabilities');
    // the generated token is normally among its own top alternatives; count it once
    const alternatives = first.top.some((entry) => entry.token === first.token) ? first.top : [{ token: first.token, logprob: first.logprob }, ...first.top];
    const style = labelStyle(item.format?.labels);
    const letters = item.format
      ? letterLogprobs(alternatives, item.choices.length, (token) => tokenLabelIndex(token, style, item.choices.length))
      : letterLogprobs(alternatives, item.choices.length);
    if (letters.every((value) => value === -Infinity)) {
      return { method: used, correct: false, ...EMPTY, parseStatus: 'answer-unparseable', responseText: text };
    }
    const outcome = optionOutcome(letters, item.answer);
    const goldKnown = Number.isFinite(outcome.goldLogprob);
    return {
      method: used, correct: outcome.correct, chosen: outcome.chosen, confidence: outcome.confidence,
      loss: goldKnown ? outcome.loss : null, goldLogprob: goldKnown ? outcome.goldLogprob : null,
      optionLogprobs: letters.map((value) => (Number.isFinite(value) ? value : null)) as number[],
      correctNorm: null, optionMass: outcome.optionMass, parseStatus: 'ok', responseText: text,
    };
  }
  const reply = used === 'consistency' ? { ...parseVerbalizedReply(text), confidence: null } : parseVerbalizedReply(text);
  let chosen: number | string | null;
  let correct: boolean;
  if (item.kind === 'choice') {
    chosen = item.format ? parseLabel(reply.answer, labelStyle(item.format.labels), item.choices.length) : parseChoiceLetter(reply.answer, item.choices.length);
    correct = chosen === item.answer;
  } else {
    chosen = reply.answer;
    correct = reply.answer !== null && scoreFreeAnswer(reply.answer, item.answer, item.match);
  }
  const parseStatus: ParseStatus = chosen === null ? 'answer-unparseable'
    : used === 'verbalized' && reply.confidence === null ? 'confidence-unparseable' : 'ok';
  return { method: used, correct, ...EMPTY, chosen, confidence: reply.confidence, parseStatus, responseText: text };
}
