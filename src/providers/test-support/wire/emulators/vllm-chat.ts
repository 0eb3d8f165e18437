import type { ToyTokenizer } from '../toy-tokenizer.js';
import type { WireResponse } from '../wire-emulator.js';

const encoder = new TextEncoder();
/** The first answer token's candidates (an instruct model answering a letter question), then filler. */
const LETTERS: Array<[string, number]> = [
  ['A', -0.4],
  ['B', -1.6],
  ['C', -2.3],
  ['D', -2.9],
];

const logprobEntry = (token: string, logprob: number): Record<string, unknown> => ({ token, logprob, bytes: Array.from(encoder.encode(token)) });

/**
 * vLLM's `/v1/chat/completions` answer for an instruct model (serving.py in
 * vllm/entrypoints/openai/chat_completion/): the messages rendered by a chat template and
 * tokenized, the reply `A the the …` (`max_tokens` tokens, default 16), and with `logprobs: true`
 * `choices[0].logprobs.content[]` entries `{token, logprob, bytes, top_logprobs}` with
 * `top_logprobs` entries for each generated token.
 */
export function vllmChatCompletion(body: Record<string, unknown>, model: string, tokenizer: ToyTokenizer): WireResponse {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const rendered = messages.map((message) => `<|${String(message.role)}|>\n${String(message.content)}\n`).join('') + '<|assistant|>\n';
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : 16;
  const reply = Array.from({ length: Math.max(1, maxTokens) }, (_, index) => (index === 0 ? 'A' : ' the'));
  const topCount = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
  const candidates = (index: number): Array<[string, number]> => {
    const base: Array<[string, number]> = index === 0 ? LETTERS : [[' the', -0.1]];
    const filler = Array.from({ length: Math.max(0, topCount - base.length) }, (_, rank): [string, number] => [` zzz${rank}`, -6 - rank]);
    return [...base, ...filler].slice(0, topCount);
  };
  const content = reply.map((token, index) => ({
    ...logprobEntry(token, index === 0 ? (LETTERS[0] as [string, number])[1] : -0.1),
    top_logprobs: candidates(index).map(([text, logprob]) => logprobEntry(text, logprob)),
  }));
  const promptTokens = tokenizer.encode(rendered).length;
  return {
    status: 200,
    body: {
      id: `chatcmpl-${promptTokens}-${reply.length}`,
      object: 'chat.completion',
      created: 1_767_225_600,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply.join(''), refusal: null, annotations: null, audio: null, function_call: null, tool_calls: [], reasoning_content: null },
          logprobs: body.logprobs === true ? { content } : null,
          finish_reason: 'length',
          stop_reason: null,
        },
      ],
      service_tier: null,
      system_fingerprint: null,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + reply.length, completion_tokens: reply.length, prompt_tokens_details: null },
      prompt_logprobs: null,
      kv_transfer_params: null,
    },
  };
}
