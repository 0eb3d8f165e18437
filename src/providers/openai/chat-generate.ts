import { parseResponse } from '../http/parse-response.js';
import { ProviderCallError, type GenerateRequest, type GenerateResult } from '../spec.js';
import { chatResponseSchema } from './openai-schemas.js';

/** Name of the output-length field: `max_tokens`, or `max_completion_tokens` for the models that refuse it. */
export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

/** Whether an error is a server refusing `max_tokens` in favour of `max_completion_tokens` (OpenAI's reasoning models). */
export function asksForMaxCompletionTokens(error: unknown): boolean {
  return error instanceof ProviderCallError && error.status === 400 && error.message.includes('max_completion_tokens');
}

/** The body of a chat completions request for `request` (log-probabilities only when asked for). */
export function chatRequestBody(model: string, request: GenerateRequest, maxTokensField: MaxTokensField = 'max_tokens'): Record<string, unknown> {
  const messages = [
    ...(request.system !== undefined ? [{ role: 'system', content: request.system }] : []),
    { role: 'user', content: request.prompt },
  ];
  return {
    model,
    messages,
    [maxTokensField]: request.maxTokens,
    temperature: request.temperature,
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.topLogprobs !== undefined ? { logprobs: true, top_logprobs: request.topLogprobs } : {}),
  };
}

/**
 * Reads a chat completions answer. When log-probabilities were asked for and the server sent none,
 * this throws a ProviderCallError rather than returning text without them: non-retryable, unless
 * the endpoint is known to send them (`logprobsProven`), when it is a fault of this answer.
 */
export function readChatResult(json: unknown, request: GenerateRequest, logprobsProven = false): GenerateResult {
  const response = parseResponse(chatResponseSchema, json, 'chat completions answer');
  const choice = response.choices[0] as (typeof response.choices)[number];
  const text = choice.message.content ?? '';
  const usage = { inputTokens: response.usage?.prompt_tokens, outputTokens: response.usage?.completion_tokens };
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
