import type { WireEmulator, WireRequest, WireResponse } from '../wire-emulator.js';
import { chatCompletionBody, chatLogprobEntry } from './openai-style-bodies.js';
import { lastUserText, toyChatReply, toyFirstTokenLogprobs, toyTokens } from './toy-language-model.js';

/** llama.cpp's error body: `{"error": {"code", "message", "type"}}`, status = code. */
function llamaError(code: number, message: string, type: string): WireResponse {
  return { status: code, body: { error: { code, message, type } } };
}

/**
 * llama.cpp's `llama-server` (OpenAI-compatible endpoints). `/v1/completions` refuses `echo` by
 * throwing in its parameter parser, which the HTTP exception handler turns into HTTP 500 with
 * type `server_error`; `/v1/chat/completions` answers `logprobs` + `top_logprobs` with
 * `logprobs.content[]` entries `{id, token, bytes, logprob, top_logprobs: [{id, token, bytes, logprob}]}`.
 */
export function llamaServerEmulator(): WireEmulator {
  return {
    name: 'llama.cpp llama-server (OpenAI-compatible API)',
    sources: [
      'ggml-org/llama.cpp tools/server/utils.hpp@c63cb1581f9f20af7745a4733733c222067c543f — oaicompat_completion_params_parse: `if (json_value(body, "echo", false)) throw std::runtime_error("Only no echo is supported")`; format_error_response: ERROR_TYPE_SERVER → code 500, type "server_error"',
      'ggml-org/llama.cpp tools/server/server.cpp@aa6192d38defc9a5d9fb2987413f71b18f214270 — set_exception_handler: a thrown std::exception becomes res_error(format_error_response(e.what(), ERROR_TYPE_SERVER)), i.e. HTTP 500 {"error": {"code": 500, "message": …, "type": "server_error"}}',
      'ggml-org/llama.cpp tools/server/server-task.h@0c0d0fdc3083c59f4212e4cc6d362e11ddcf5f10 (completion_token_output::probs_vector_to_json) — each logprobs.content entry is {id, token, bytes, logprob, top_logprobs: [{id, token, bytes, logprob}]}',
    ],
    handle(request: WireRequest): WireResponse {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (request.path === '/v1/completions') {
        if (body.prompt === undefined) return llamaError(500, '"prompt" is required', 'server_error');
        if (body.echo === true) return llamaError(500, 'Only no echo is supported', 'server_error');
        const prompt = Array.isArray(body.prompt) ? String(body.prompt[0]) : String(body.prompt);
        const reply = toyChatReply(prompt, typeof body.max_tokens === 'number' ? body.max_tokens : 16);
        return { status: 200, body: { object: 'text_completion', model: body.model, choices: [{ index: 0, text: reply.text, logprobs: null, finish_reason: reply.finishReason }] } };
      }
      if (request.path === '/v1/chat/completions') {
        const prompt = lastUserText(body);
        const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : 16;
        const reply = toyChatReply(prompt, maxTokens);
        const wantsLogprobs = body.logprobs === true;
        const topK = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
        // the first generated token's alternatives come from the toy distribution; later tokens report only themselves
        const first = toyFirstTokenLogprobs(prompt);
        const content = wantsLogprobs
          ? reply.tokens.map((token, index) =>
              index === 0 && token === first[0]?.token
                ? chatLogprobEntry(token, first[0].logprob, first.slice(0, topK), true)
                : chatLogprobEntry(token, -0.05, topK > 0 ? [{ token, logprob: -0.05 }] : [], true))
          : undefined;
        return {
          status: 200,
          body: {
            ...chatCompletionBody({ model: String(body.model), text: reply.text, finishReason: reply.finishReason, promptText: prompt, completionTokens: reply.tokens.length, ...(content ? { logprobsContent: content } : {}) }),
            system_fingerprint: 'b6500-emulated',
            timings: { prompt_n: toyTokens(prompt).length, predicted_n: reply.tokens.length },
          },
        };
      }
      return llamaError(404, 'File Not Found', 'not_found_error');
    },
  };
}
