import type { WireRequest, WireResponse } from '../wire-emulator.js';
import { openAiError } from '../wire-emulator.js';
import { toyTokens } from './toy-language-model.js';

/** One token of a `logprobs.content` list (chat), with its alternatives; `id` only where the server sends token ids (llama-server). */
export function chatLogprobEntry(token: string, logprob: number, top: Array<{ token: string; logprob: number }>, withIds = false): Record<string, unknown> {
  const id = (text: string): Record<string, number> => (withIds ? { id: text.charCodeAt(0) } : {});
  const bytes = (text: string): number[] => [...Buffer.from(text, 'utf8')];
  return {
    ...id(token), token, bytes: bytes(token), logprob,
    top_logprobs: top.map((entry) => ({ ...id(entry.token), token: entry.token, bytes: bytes(entry.token), logprob: entry.logprob })),
  };
}

/** A chat completions answer body in the OpenAI shape. */
export function chatCompletionBody(options: {
  model: string;
  text: string;
  finishReason: string;
  promptText: string;
  completionTokens: number;
  logprobsContent?: Array<Record<string, unknown>>;
  reasoningTokens?: number;
}): Record<string, unknown> {
  const promptTokens = toyTokens(options.promptText).length;
  return {
    id: 'chatcmpl-emulated',
    object: 'chat.completion',
    created: 1_764_547_200,
    model: options.model,
    choices: [{
      index: 0,
      message: { role: 'assistant', content: options.text },
      logprobs: options.logprobsContent ? { content: options.logprobsContent } : null,
      finish_reason: options.finishReason,
    }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: options.completionTokens,
      total_tokens: promptTokens + options.completionTokens,
      ...(options.reasoningTokens !== undefined ? { completion_tokens_details: { reasoning_tokens: options.reasoningTokens } } : {}),
    },
  };
}

/** OpenAI's 401 for a missing or wrong key, or undefined when `request` carries `Bearer apiKey`. */
export function openAiAuthFailure(request: WireRequest, apiKey: string | undefined): WireResponse | undefined {
  if (apiKey === undefined || request.headers.authorization === `Bearer ${apiKey}`) return undefined;
  return openAiError(401, 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', { code: 'invalid_api_key' });
}
