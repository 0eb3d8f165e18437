import { openAiError, type WireEmulator, type WireRequest, type WireResponse } from '../wire-emulator.js';
import { chatCompletionBody, chatLogprobEntry, openAiAuthFailure } from './openai-style-bodies.js';
import { lastUserText, toyChatReply, toyFirstTokenLogprobs } from './toy-language-model.js';

/** The sources both OpenAI chat emulators follow. */
export const OPENAI_CHAT_SOURCES = [
  'openai/openai-python src/openai/types/chat/chat_completion.py@e8205fd58f0d677f476c577a8d9afb90f5710506 — Choice{finish_reason: "stop" | "length" | …, logprobs: ChoiceLogprobs | None, message}',
  'openai/openai-python src/openai/types/chat/chat_completion_token_logprob.py@ba1116e603a2c926c32cee57c8d2e01456f57991 — {token, bytes, logprob, top_logprobs: [{token, bytes, logprob}]}',
  'openai/openai-python src/openai/types/completion_usage.py@08b8179a6b3e46ca8eb117f819cc6563ae74e27d — completion_tokens_details.reasoning_tokens',
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
      'openai/openai-python src/openai/types/chat/completion_create_params.py@04448952820aa3029e61907c1785a7293c3ddbc2 — top_logprobs "an integer between 0 and 20"',
      'OpenAI API, chat model on /v1/completions (quoted in public issue reports): 404 {"error": {"message": "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?", "type": "invalid_request_error", "param": "model", "code": null}}',
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
