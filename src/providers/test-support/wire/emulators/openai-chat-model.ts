import { openAiError, type WireEmulator, type WireRequest, type WireResponse } from '../wire-emulator.js';
import { chatCompletionBody, chatLogprobEntry, openAiAuthFailure } from './openai-style-bodies.js';
import { lastUserText, toyChatReply, toyFirstTokenLogprobs } from './toy-language-model.js';

/** The sources both OpenAI chat emulators follow. */
export const OPENAI_CHAT_SOURCES = [
  'openai/openai-python src/openai/types/chat/chat_completion.py — Choice{finish_reason: "stop" | "length" | …, logprobs: ChoiceLogprobs | None, message}',
  'openai/openai-python src/openai/types/chat/chat_completion_token_logprob.py — {token, bytes, logprob, top_logprobs: [{token, bytes, logprob}]}',
  'openai/openai-python src/openai/types/completion_usage.py — completion_tokens_details.reasoning_tokens',
];

/**
 * An OpenAI chat model (gpt-4o-mini and the like): chat completions with `logprobs` +
 * `top_logprobs` (at most 20); the legacy completions endpoint refuses it with 404 "This is a chat
 * model and not supported in the v1/completions endpoint".
 */
export function openAiChatModelEmulator(options: { apiKey?: string } = {}): WireEmulator {
  return {
    name: 'OpenAI chat model (gpt-4o-mini)',
    sources: [
      ...OPENAI_CHAT_SOURCES,
      'OpenAI API, chat model on /v1/completions: 404 {"error": {"message": "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?", "type": "invalid_request_error", "param": "model", "code": null}}',
    ],
    handle(request: WireRequest): WireResponse {
      const denied = openAiAuthFailure(request, options.apiKey);
      if (denied) return denied;
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (request.path === '/v1/completions') {
        return openAiError(404, 'This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?', { param: 'model' });
      }
      if (request.path !== '/v1/chat/completions') return openAiError(404, `Invalid URL (POST ${request.path})`);
      const topK = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
      if (topK > 20) return openAiError(400, "Invalid 'top_logprobs': integer above maximum value. Expected a value <= 20, but got a value greater than 20 instead.", { param: 'top_logprobs', code: 'integer_above_max_value' });
      const prompt = lastUserText(body);
      const reply = toyChatReply(prompt, typeof body.max_tokens === 'number' ? body.max_tokens : 16);
      const first = toyFirstTokenLogprobs(prompt);
      const content = body.logprobs === true
        ? reply.tokens.map((token, index) => (index === 0 && token === first[0]?.token ? chatLogprobEntry(token, first[0].logprob, first.slice(0, topK)) : chatLogprobEntry(token, -0.05, [])))
        : undefined;
      return {
        status: 200,
        body: chatCompletionBody({ model: String(body.model), text: reply.text, finishReason: reply.finishReason, promptText: prompt, completionTokens: reply.tokens.length, ...(content ? { logprobsContent: content } : {}) }),
      };
    },
  };
}
