import { parseResponse } from '../http/parse-response.js';
import { ProviderCallError, type ScoreOptionsResult } from '../spec.js';
import { completionsResponseSchema, type OpenAiUsage } from './openai-schemas.js';
import { sumEchoLogprobs } from './sum-echo-logprobs.js';

/**
 * A request shape for echo scoring: all options in one request (a prompt array) or one per option;
 * `max_tokens` 0, or 1 for servers that refuse 0 (the generated token lies past the option and is
 * not counted).
 */
export interface EchoMode {
  batch: boolean;
  maxTokens: 0 | 1;
}

/**
 * The shapes to try: the economical one first, then the one every echo-capable server accepts
 * (one prompt per request, `max_tokens: 1`), so that a server refusing echo altogether costs one
 * extra round, not three.
 */
export function echoModes(batchPreferred: boolean): EchoMode[] {
  return [{ batch: batchPreferred, maxTokens: 0 }, { batch: false, maxTokens: 1 }];
}

/** The body of a legacy completions request that echoes `texts` with their log-probabilities. */
export function echoRequestBody(model: string, texts: string[], maxTokens: 0 | 1 = 0): Record<string, unknown> {
  return { model, prompt: texts.length === 1 ? texts[0] : texts, echo: true, logprobs: 1, max_tokens: maxTokens, temperature: 0 };
}

/**
 * Reads option log-probabilities from an echoed completions answer to `echoRequestBody(model,
 * options.map(o => prompt + o))`: one choice per option, matched by `index` when the server sends
 * it. Throws a ProviderCallError when the answer cannot give a correct score: non-retryable, except
 * a missing `logprobs` from an endpoint known to send them (`logprobsProven`), a fault of this answer.
 */
export function readEchoScores(json: unknown, prompt: string, options: string[], logprobsProven = false): { scores: Array<{ logprob: number; tokenCount: number }>; usage: OpenAiUsage } {
  const response = parseResponse(completionsResponseSchema, json, 'completions (echo) answer');
  const { choices } = response;
  if (choices.length !== options.length) {
    throw new ProviderCallError(`completions (echo) answer: ${choices.length} choices for ${options.length} prompts`, { isRetryable: false });
  }
  const ordered = choices.every((choice) => choice.index !== undefined)
    ? [...choices].sort((a, b) => (a.index as number) - (b.index as number))
    : choices;
  const scores = ordered.map((choice, position) => {
    if (choice.index !== undefined && choice.index !== position) {
      throw new ProviderCallError(`completions (echo) answer: choice indices are not 0..${options.length - 1}`, { isRetryable: false });
    }
    const option = options[position] as string;
    if (choice.logprobs === undefined || choice.logprobs === null) {
      throw new ProviderCallError(
        logprobsProven
          ? 'completions (echo) answer has no `logprobs`, though this endpoint sent them before; the option cannot be scored from this answer'
          : 'completions (echo) answer has no `logprobs`: the server ignored `echo`/`logprobs`, so the option cannot be scored',
        { isRetryable: logprobsProven },
      );
    }
    if (choice.text !== undefined && !choice.text.startsWith(prompt + option)) {
      throw new ProviderCallError('completions (echo) answer does not echo the prompt and option: the server ignored `echo`', { isRetryable: false });
    }
    return sumEchoLogprobs(choice.logprobs, prompt, option);
  });
  return { scores, usage: response.usage };
}

/** Combines per-request echo scores into the provider result. */
export function echoScoreResult(parts: Array<{ scores: Array<{ logprob: number; tokenCount: number }>; usage: OpenAiUsage }>): ScoreOptionsResult {
  const scores = parts.flatMap((part) => part.scores);
  const inputTokens = sumDefined(parts.map((part) => part.usage?.prompt_tokens));
  const outputTokens = sumDefined(parts.map((part) => part.usage?.completion_tokens));
  return {
    optionLogprobs: scores.map((score) => score.logprob),
    optionTokenCounts: scores.map((score) => score.tokenCount),
    ...(inputTokens !== undefined ? { tokensEvaluated: inputTokens } : {}),
    usage: { inputTokens, outputTokens },
  };
}

/** The sum when every value is known, else undefined (an unknown count is not 0). */
function sumDefined(values: Array<number | undefined>): number | undefined {
  let sum = 0;
  for (const value of values) {
    if (value === undefined) return undefined;
    sum += value;
  }
  return sum;
}
