import { openAiError, type WireEmulator, type WireRequest, type WireResponse } from '../wire-emulator.js';
import { openAiAuthFailure } from './openai-style-bodies.js';
import { toyEcho, toyTokens } from './toy-language-model.js';

/**
 * An OpenAI completion model (`davinci-002`, `babbage-002`): the legacy completions endpoint with
 * `echo` + `logprobs` (prompt arrays, `max_tokens: 0`; the first echoed token has log-prob null,
 * `top_logprobs` are dicts, `text_offset` are character offsets); chat completions refuse it with
 * 404 "This is not a chat model and thus not supported in the v1/chat/completions endpoint".
 */
export function openAiCompletionModelEmulator(options: { apiKey?: string } = {}): WireEmulator {
  return {
    name: 'OpenAI completion model (davinci-002)',
    sources: [
      'openai/openai-python src/openai/types/completion_choice.py@d8eb6c96528f3777be25ab38bea98788eeb32bb1 — Logprobs{text_offset, token_logprobs, tokens, top_logprobs: List[Dict[str, float]]}; finish_reason "stop" | "length" | "content_filter"',
      'OpenAI API, completion model on /v1/chat/completions (quoted in public issue reports): 404 {"error": {"message": "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?", "type": "invalid_request_error", "param": "model", "code": null}}',
    ],
    handle(request: WireRequest): WireResponse {
      const denied = openAiAuthFailure(request, options.apiKey);
      if (denied) return denied;
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (request.path === '/v1/chat/completions') {
        return openAiError(404, 'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?', { param: 'model' });
      }
      if (request.path !== '/v1/completions') return openAiError(404, `Invalid URL (POST ${request.path})`);
      const prompts = Array.isArray(body.prompt) ? body.prompt.map(String) : [String(body.prompt ?? '')];
      const echo = body.echo === true;
      const withLogprobs = typeof body.logprobs === 'number';
      const choices = prompts.map((prompt, index) => {
        const echoed = toyEcho(prompt);
        return {
          index,
          text: echo ? prompt : '',
          logprobs: withLogprobs && echo
            ? {
                tokens: echoed.map((entry) => entry.token),
                token_logprobs: echoed.map((entry) => entry.logprob),
                top_logprobs: echoed.map((entry) => (entry.logprob === null ? null : { [entry.token]: entry.logprob })),
                text_offset: echoed.map((entry) => entry.offset),
              }
            : null,
          finish_reason: 'length',
        };
      });
      const promptTokens = prompts.reduce((sum, prompt) => sum + toyTokens(prompt).length, 0);
      return {
        status: 200,
        body: { id: 'cmpl-emulated', object: 'text_completion', created: 1_764_547_200, model: body.model, choices, usage: { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens } },
      };
    },
  };
}
