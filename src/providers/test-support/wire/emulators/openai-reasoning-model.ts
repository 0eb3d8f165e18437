import { openAiError, type WireEmulator, type WireRequest, type WireResponse } from '../wire-emulator.js';
import { OPENAI_CHAT_SOURCES } from './openai-chat-model.js';
import { chatCompletionBody, openAiAuthFailure } from './openai-style-bodies.js';
import { lastUserText, toyChatReply } from './toy-language-model.js';

/** Reasoning tokens the emulated model spends before every answer. */
export const EMULATED_REASONING_TOKENS = 384;

/**
 * An OpenAI reasoning model (gpt-5 family, o-series) on chat completions: `max_tokens` is refused
 * (use `max_completion_tokens`), `temperature` other than the default 1 is refused with
 * `code: unsupported_value`, `logprobs` is refused; every answer first spends
 * `reasoningTokens` (default EMULATED_REASONING_TOKENS) on reasoning, so a small `max_completion_tokens` returns empty content
 * with `finish_reason: "length"` and all of it counted as reasoning tokens.
 */
export function openAiReasoningModelEmulator(options: { apiKey?: string; reasoningTokens?: number } = {}): WireEmulator {
  const spends = options.reasoningTokens ?? EMULATED_REASONING_TOKENS;
  return {
    name: 'OpenAI reasoning model (gpt-5-mini)',
    sources: [
      ...OPENAI_CHAT_SOURCES,
      'openai/openai-python src/openai/types/chat/completion_create_params.py@04448952820aa3029e61907c1785a7293c3ddbc2 — max_tokens "is not compatible with o-series models"; max_completion_tokens "including visible output tokens and reasoning tokens"',
      'OpenAI API 400 bodies quoted in public reports: {"message": "Unsupported value: \'temperature\' does not support 0 with this model. Only the default (1) value is supported.", "type": "invalid_request_error", "param": "temperature", "code": "unsupported_value"}; {"message": "Unsupported parameter: \'max_tokens\' is not supported with this model. Use \'max_completion_tokens\' instead.", "param": "max_tokens", "code": "unsupported_parameter"}',
    ],
    handle(request: WireRequest): WireResponse {
      const denied = openAiAuthFailure(request, options.apiKey);
      if (denied) return denied;
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (request.path !== '/v1/chat/completions') {
        return openAiError(404, 'This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?', { param: 'model' });
      }
      if (body.max_tokens !== undefined) {
        return openAiError(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", { param: 'max_tokens', code: 'unsupported_parameter' });
      }
      if (body.temperature !== undefined && body.temperature !== 1) {
        return openAiError(400, `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`, { param: 'temperature', code: 'unsupported_value' });
      }
      if (body.logprobs !== undefined) {
        return openAiError(400, "Unsupported parameter: 'logprobs' is not supported with this model.", { param: 'logprobs', code: 'unsupported_parameter' });
      }
      const prompt = lastUserText(body);
      const budget = typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : 65_536;
      const reasoning = Math.min(budget, spends);
      const reply = toyChatReply(prompt, budget - reasoning);
      const answered = reply.tokens.length > 0;
      return {
        status: 200,
        body: chatCompletionBody({
          model: String(body.model), text: answered ? reply.text : '', finishReason: answered ? reply.finishReason : 'length', promptText: prompt,
          completionTokens: reasoning + reply.tokens.length, reasoningTokens: reasoning,
        }),
      };
    },
  };
}
