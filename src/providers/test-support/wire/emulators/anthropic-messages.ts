import type { WireEmulator, WireRequest, WireResponse } from '../wire-emulator.js';
import { toyChatReply, toyTokens } from './toy-language-model.js';

function anthropicError(status: number, type: string, message: string, details?: Record<string, string>): WireResponse {
  return { status, body: { type: 'error', error: { type, message, ...(details ? { details } : {}) }, request_id: 'req_emulated' } };
}

/**
 * Anthropic's Messages API: `x-api-key` + `anthropic-version`, text content blocks, `stop_reason`;
 * no log-probabilities. With `spendLimitAfter: n` the organisation's monthly spend cap is reached
 * after n answers: every later request gets 429 `rate_limit_error` with
 * `error.details.error_code: "enforced_spend_limit_reached"` and no `retry-after`.
 */
export function anthropicMessagesEmulator(options: { apiKey: string; spendLimitAfter?: number }): WireEmulator {
  let answered = 0;
  return {
    name: `Anthropic Messages API${options.spendLimitAfter !== undefined ? ' (spend limit reached)' : ''}`,
    sources: [
      'anthropics/anthropic-sdk-typescript src/resources/messages/messages.ts@f741f921d10e020d3c67c7a3f8442f0c4adf229d — Message{content: ContentBlock[], stop_reason: "end_turn" | "max_tokens" | …, usage{input_tokens, output_tokens}}',
      'anthropics/anthropic-sdk-typescript src/core/error.ts@393b040ba9e92b0712586ca59dafebdf03d54a58 — error bodies {"type": "error", "error": {"type", "message"}}; 429 RateLimitError',
      'Anthropic API docs, rate limits (quoted in public reports): a reached monthly spend cap answers 429 rate_limit_error with error.details.error_code "enforced_spend_limit_reached" and no retry-after; access resumes on the first of the next month',
    ],
    handle(request: WireRequest): WireResponse {
      if (request.path !== '/v1/messages') return anthropicError(404, 'not_found_error', 'Not found');
      if (request.headers['x-api-key'] !== options.apiKey) return anthropicError(401, 'authentication_error', 'invalid x-api-key');
      if (request.headers['anthropic-version'] === undefined) return anthropicError(400, 'invalid_request_error', 'anthropic-version: header is required');
      if (options.spendLimitAfter !== undefined && answered >= options.spendLimitAfter) {
        return anthropicError(429, 'rate_limit_error', "You have reached your API usage limits: your organization has crossed its monthly API usage threshold, set based on your organization's API tier. You will regain access on 2027-01-01 at 00:00 UTC.", { error_code: 'enforced_spend_limit_reached' });
      }
      answered++;
      const body = (request.body ?? {}) as { model?: string; max_tokens?: number; messages?: Array<{ content?: unknown }> };
      const prompt = String(body.messages?.at(-1)?.content ?? '');
      const reply = toyChatReply(prompt, body.max_tokens ?? 16);
      return {
        status: 200,
        body: {
          id: 'msg_emulated', type: 'message', role: 'assistant', model: body.model,
          content: [{ type: 'text', text: reply.text }], stop_reason: reply.finishReason === 'length' ? 'max_tokens' : 'end_turn', stop_sequence: null,
          usage: { input_tokens: toyTokens(prompt).length, output_tokens: reply.tokens.length },
        },
      };
    },
  };
}
