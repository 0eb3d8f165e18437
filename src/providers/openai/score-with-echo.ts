import { parseResponse } from '../http/parse-response.js';
import { ProviderCallError, type ScoreOptionsRequest, type ScoreOptionsResult } from '../spec.js';
import { echoTokenIds, sumByTokenIds } from './echo-token-ids.js';
import { isPlainEchoAnswer } from './is-plain-echo-answer.js';
import { completionsResponseSchema, type CompletionChoice, type OpenAiUsage } from './openai-schemas.js';
import { nullJsonMembers } from './null-json-members.js';
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

/** What one provider has learnt about its endpoint's echo answers. */
export interface EchoState {
  /** The endpoint sent log-probabilities before (so an answer without them is a fault of that answer). */
  logprobsProven: boolean;
  /** The endpoint's echo answers carry token ids (vLLM), so the prompt is echoed alone alongside the options. */
  tokenIds: boolean;
}

type Post = (path: string, body: unknown, signal: AbortSignal | undefined, parse?: (text: string) => unknown) => Promise<unknown>;

/** An echo answer parsed without its `top_logprobs` (never read; half the parsing time of a logprobs answer). */
const parseEchoAnswer = (text: string): unknown => JSON.parse(nullJsonMembers(text, 'top_logprobs'));

/**
 * Scores options by echo on the completions endpoint. Where the server gives token ids (vLLM's
 * `prompt_logprobs`), the options are aligned by ids against the prompt echoed alone in the same
 * batch (one more prompt, or one more request in per-option mode; the first answer that shows ids
 * costs one extra request for it), because vLLM's echoed text misplaces tokens (start token counted
 * in `text_offset`, U+FFFD for byte pieces, per-token decoding). Elsewhere the tokens are placed by
 * their text (`sumEchoLogprobs`). `return_token_ids` is not asked for: with it vLLM echoes no
 * prompt text (serving.py sets it to ""), which would defeat the check that the server echoed.
 */
export async function scoreWithEcho(post: Post, model: string, mode: EchoMode, request: ScoreOptionsRequest, state: EchoState): Promise<ScoreOptionsResult> {
  const { prompt, options, signal } = request;
  const texts = options.map((option) => prompt + option);
  const withPrompt = state.tokenIds && prompt !== '';
  const all = withPrompt ? [prompt, ...texts] : texts;
  const groups = mode.batch ? [all] : all.map((text) => [text]);
  const ask = async (group: string[]) => readEchoChoices(await post('/completions', echoRequestBody(model, group, mode.maxTokens), signal, parseEchoAnswer), group, state.logprobsProven);
  const parts = await Promise.all(groups.map(ask));
  const choices = parts.flatMap((part) => part.choices);
  let promptChoice = withPrompt ? choices.shift() : undefined;
  if (promptChoice === undefined && prompt !== '' && choices.some((choice) => echoTokenIds(choice) !== undefined)) {
    const alone = await ask([prompt]);
    parts.push(alone);
    promptChoice = alone.choices[0];
    state.tokenIds = true;
  }
  const promptIds = promptChoice === undefined ? undefined : echoTokenIds(promptChoice);
  const scores = choices.map((choice, index) => {
    const ids = echoTokenIds(choice);
    const logprobs = choice.logprobs!;
    if (ids !== undefined && promptIds !== undefined) {
      return sumByTokenIds({ ids, tokens: logprobs.tokens, logprobs: logprobs.token_logprobs }, { ids: promptIds, tokens: promptChoice!.logprobs!.tokens });
    }
    return sumEchoLogprobs(logprobs, prompt, options[index] as string, mode.maxTokens);
  });
  return echoScoreResult(scores, parts.map((part) => part.usage));
}

/**
 * Reads the choices of an echoed completions answer to `echoRequestBody(model, texts)`: one per
 * text, matched by `index` when the server sends it, each with `logprobs` and echoing its text.
 * Throws a ProviderCallError when the answer cannot give a correct score: non-retryable, except a
 * missing `logprobs` from an endpoint known to send them (`logprobsProven`), a fault of this answer.
 */
export function readEchoChoices(json: unknown, texts: string[], logprobsProven = false): { choices: CompletionChoice[]; usage: OpenAiUsage } {
  const response = isPlainEchoAnswer(json) ? json : parseResponse(completionsResponseSchema, json, 'completions (echo) answer');
  const { choices } = response;
  if (choices.length !== texts.length) {
    throw new ProviderCallError(`completions (echo) answer: ${choices.length} choices for ${texts.length} prompts`, { isRetryable: false });
  }
  const ordered = choices.every((choice) => choice.index !== undefined) ? [...choices].sort((a, b) => (a.index as number) - (b.index as number)) : choices;
  for (const [position, choice] of ordered.entries()) {
    if (choice.index !== undefined && choice.index !== position) {
      throw new ProviderCallError(`completions (echo) answer: choice indices are not 0..${texts.length - 1}`, { isRetryable: false });
    }
    if (choice.logprobs === undefined || choice.logprobs === null) {
      throw new ProviderCallError(
        logprobsProven
          ? 'completions (echo) answer has no `logprobs`, though this endpoint sent them before; the option cannot be scored from this answer'
          : 'completions (echo) answer has no `logprobs`: the server ignored `echo`/`logprobs`, so the option cannot be scored',
        { isRetryable: logprobsProven },
      );
    }
    if (choice.text !== undefined && !choice.text.startsWith(texts[position] as string)) {
      throw new ProviderCallError('completions (echo) answer does not echo the prompt and option: the server ignored `echo`', { isRetryable: false });
    }
  }
  return { choices: ordered, usage: response.usage };
}

/** Combines option scores and the usage of the requests that gave them into the provider result. */
export function echoScoreResult(scores: Array<{ logprob: number; tokenCount: number }>, usages: OpenAiUsage[]): ScoreOptionsResult {
  const inputTokens = sumDefined(usages.map((usage) => usage?.prompt_tokens));
  const outputTokens = sumDefined(usages.map((usage) => usage?.completion_tokens));
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
