import type { WireEmulator, WireRequest, WireResponse } from '../wire-emulator.js';
import { chatCompletionBody, chatLogprobEntry } from './openai-style-bodies.js';
import { lastUserText, toyChatReply, toyFirstTokenLogprobs } from './toy-language-model.js';

/** Ollama's OpenAI error body (`NewError`): `{"error": {"message", "type", "param": null, "code": null}}`. */
function ollamaError(status: number, message: string): WireResponse {
  return { status, body: { error: { message, type: status === 400 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error', param: null, code: null } } };
}

/**
 * Ollama's OpenAI-compatible endpoints. `CompletionRequest.prompt` is a Go `string`, so a prompt
 * array fails JSON binding with HTTP 400; `echo` is not a field at all (ignored), and completions
 * carry no log-probabilities. Before v0.12.11 `ChatCompletionRequest` has no `logprobs` either
 * (ignored: plain answers); from v0.12.11 chat answers `logprobs.content[]` entries
 * `{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}`.
 */
export function ollamaEmulator(version: 'before-0.12.11' | '0.12.11'): WireEmulator {
  const chatLogprobs = version === '0.12.11';
  return {
    name: `Ollama ${version === '0.12.11' ? 'v0.12.11 and later (chat log-probs)' : 'before v0.12.11 (no log-probs)'}`,
    sources: [
      'ollama/ollama openai/openai.go@00988753ff743bf26117964f6e43f9ebf10bce30 — CompletionRequest{Prompt string} (TODO issue 5259: no []string prompts); ChatCompletionRequest without logprobs; NewError(400) → type "invalid_request_error", param/code null',
      'ollama/ollama openai/openai.go, a v0.12.11+ revision — ChatCompletionRequest{Logprobs *bool, TopLogprobs int}; ToChatCompletion sets choices[0].logprobs = {content: r.Logprobs} when present; CompletionRequest{Prompt string, Logprobs *int}, ToCompletion without logprobs',
      'ollama/ollama release v0.12.11 (github.com/ollama/ollama/releases/tag/v0.12.11) — logprobs with "logprobs": true; pull request 16867 — "request fields Logprobs/TopLogprobs in openai/openai.go … covered by TestFromChatRequest_WithLogprobs"',
      'Go encoding/json — binding an array to a string field fails with "json: cannot unmarshal array into Go struct field CompletionRequest.prompt of type string"',
    ],
    handle(request: WireRequest): WireResponse {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (request.path === '/v1/completions') {
        if (typeof body.prompt !== 'string') {
          return ollamaError(400, `json: cannot unmarshal ${Array.isArray(body.prompt) ? 'array' : 'number'} into Go struct field CompletionRequest.prompt of type string`);
        }
        const reply = toyChatReply(body.prompt, typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : 16);
        return {
          status: 200,
          body: {
            id: 'cmpl-emulated', object: 'text_completion', created: 1_764_547_200, model: body.model, system_fingerprint: 'fp_ollama',
            choices: [{ text: reply.text, index: 0, finish_reason: reply.finishReason }],
            usage: { prompt_tokens: 1, completion_tokens: reply.tokens.length, total_tokens: 1 + reply.tokens.length },
          },
        };
      }
      if (request.path === '/v1/chat/completions') {
        const prompt = lastUserText(body);
        const reply = toyChatReply(prompt, typeof body.max_tokens === 'number' ? body.max_tokens : 16);
        const topK = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
        const first = toyFirstTokenLogprobs(prompt);
        const content = chatLogprobs && body.logprobs === true
          ? reply.tokens.map((token, index) => (index === 0 && token === first[0]?.token ? chatLogprobEntry(token, first[0].logprob, first.slice(0, topK)) : chatLogprobEntry(token, -0.05, [])))
          : undefined;
        const answer = chatCompletionBody({ model: String(body.model), text: reply.text, finishReason: reply.finishReason, promptText: prompt, completionTokens: reply.tokens.length, ...(content ? { logprobsContent: content } : {}) });
        return { status: 200, body: { ...answer, system_fingerprint: 'fp_ollama' } };
      }
      return { status: 404, body: '404 page not found' };
    },
  };
}
