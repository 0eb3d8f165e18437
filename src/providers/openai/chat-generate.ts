import { parseResponse } from '../http/parse-response.js';
import { ProviderCallError, type GenerateRequest, type GenerateResult, type RequestSettings } from '../spec.js';
import { chatResponseSchema } from './openai-schemas.js';

/**
 * Output budget for a model that reasons before it answers (learned when an answer comes back empty
 * and cut at the budget): enough for a short answer after a low-effort reasoning pass.
 */
export const REASONING_OUTPUT_TOKENS = 4096;

/** The body of a chat completions request for `request` under `settings` (log-probabilities only when asked for). */
export function chatRequestBody(model: string, request: GenerateRequest, settings: RequestSettings = {}): Record<string, unknown> {
  const messages = [
    ...(request.system !== undefined ? [{ role: 'system', content: request.system }] : []),
    { role: 'user', content: request.prompt },
  ];
  return {
    model,
    messages,
    [settings.maxTokensField ?? 'max_tokens']: Math.max(request.maxTokens, settings.minOutputTokens ?? 0),
    ...(settings.omitTemperature ? {} : { temperature: request.temperature }),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.topLogprobs !== undefined ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
  };
}

/**
 * The settings that answer a model's refusal of a request parameter, or undefined when the refusal
 * is not about one that can be adapted: `max_tokens` → `max_completion_tokens`, and no `temperature`
 * for models that accept only their default (OpenAI's reasoning models, 400 `param: temperature`).
 */
export function adaptToRefusal(error: unknown, settings: RequestSettings): RequestSettings | undefined {
  if (!(error instanceof ProviderCallError) || (error.status !== 400 && error.status !== 422)) return undefined;
  const about = (name: string): boolean => error.param === name || new RegExp(`'${name}'|\`${name}\``).test(error.message);
  if (settings.maxTokensField !== 'max_completion_tokens' && (about('max_tokens') || error.message.includes('max_completion_tokens'))) {
    return { ...settings, maxTokensField: 'max_completion_tokens' };
  }
  if (!settings.omitTemperature && about('temperature')) return { ...settings, omitTemperature: true };
  return undefined;
}

/** An answer with no text because the output budget ran out first (`finish_reason: "length"`), typically spent on reasoning. */
export class LengthCutError extends ProviderCallError {
  constructor(readonly budgetTokens: number, readonly reasoningTokens: number | undefined) {
    super(
      `the answer was cut off at the output budget of ${budgetTokens} tokens before any text (finish_reason: length` +
        `${reasoningTokens !== undefined ? `, ${reasoningTokens} reasoning tokens` : ''}): no answer to score`,
      { isRetryable: false, code: 'length' },
    );
  }
}

/**
 * Reads a chat completions answer. An empty answer cut at the budget is a LengthCutError. When
 * log-probabilities were asked for and the server sent none, this throws a ProviderCallError rather
 * than returning text without them: non-retryable, unless the endpoint is known to send them
 * (`logprobsProven`), when it is a fault of this answer.
 */
export function readChatResult(json: unknown, request: GenerateRequest, logprobsProven = false, budgetTokens = request.maxTokens): GenerateResult {
  const response = parseResponse(chatResponseSchema, json, 'chat completions answer');
  const choice = response.choices[0] as (typeof response.choices)[number];
  const text = choice.message.content ?? '';
  const usage = { inputTokens: response.usage?.prompt_tokens, outputTokens: response.usage?.completion_tokens };
  if (text === '' && choice.finish_reason === 'length') {
    throw new LengthCutError(budgetTokens, response.usage?.completion_tokens_details?.reasoning_tokens);
  }
  if (request.topLogprobs === undefined) return { text, usage };
  const content = choice.logprobs?.content;
  if (content === undefined || content === null || (content.length === 0 && text !== '')) {
    throw new ProviderCallError(
      logprobsProven
        ? 'chat completions answer has no `logprobs.content`, though this endpoint sent them before'
        : 'chat completions answer has no `logprobs.content`: the server ignored `logprobs`',
      { isRetryable: logprobsProven },
    );
  }
  const tokenLogprobs = content.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    top: (entry.top_logprobs ?? []).map((top) => ({ token: top.token, logprob: top.logprob })),
  }));
  return { text, tokenLogprobs, usage };
}
