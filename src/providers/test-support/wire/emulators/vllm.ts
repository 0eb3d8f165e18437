import { createToyTokenizer, type ToyToken, type ToyTokenizer } from '../toy-tokenizer.js';
import type { WireEmulator, WireRequest, WireResponse } from '../wire-emulator.js';
import { vllmChatCompletion } from './vllm-chat.js';
import { createVllmLogprobs, type Position } from './vllm-logprobs.js';

export interface VllmEmulatorOptions {
  /** Served model name (default `meta-llama/Llama-3.2-1B`). */
  model?: string;
  /** The tokenizer's start token, echoed first: `<|begin_of_text|>` (Llama 3), `<s>` (Llama 2, Mistral), `<bos>` (Gemma). */
  startToken?: string;
  /** Whether the tokenizer has a chat template (instruct models); base models answer chat with vLLM's 400. */
  chatTemplate: boolean;
  /** One token per byte outside ASCII (SentencePiece byte fallback) instead of byte pairs (byte-level BPE). */
  byteFallback?: boolean;
  /** Completion choices carry `prompt_logprobs` with echo + logprobs (default true; false: vLLM versions before the field). */
  promptLogprobs?: boolean;
  /**
   * Decoded tokens as vLLM V1's LogprobsProcessor fixes them (`_verify_tokens`): a token whose text
   * ends in U+FFFD is decoded again after up to 4 preceding tokens, giving the text it completes, or
   * "" while the character is still incomplete. Default false: each token decoded alone.
   */
  correctedDecoding?: boolean;
  /** A deliberately broken server: `text_offset` off by one from the third token on. */
  breakOffsets?: boolean;
  /** The flat error body of older vLLM (`{object: "error", message, type, param, code}`) instead of `{error: {...}}`. */
  flatErrors?: boolean;
}

/** A vLLM OpenAI-compatible server (`vllm serve`) over a toy tokenizer, with that tokenizer exposed for tests. */
export interface VllmEmulator extends WireEmulator {
  tokenizer: ToyTokenizer;
  model: string;
}

/**
 * Emulates vLLM's `/v1/completions`, `/v1/chat/completions` and `/v1/models` as read from its
 * source. Completions: the prompt is tokenized with the start token; with `echo` the prompt's
 * tokens come first, with `max_tokens: 0` only they (the engine still runs one step, so usage
 * counts one completion token); `logprobs` lists each token decoded alone (or V1-corrected), a null log-probability
 * for the first, `top_logprobs` keyed by decoded text, and `text_offset` as the running length of
 * those strings from 0 (so it counts the start token and one character per U+FFFD); choices carry
 * `prompt_logprobs` whenever prompt log-probabilities were computed (echo + logprobs sets them);
 * `return_token_ids` adds `prompt_token_ids` and drops the prompt from the echoed text.
 */
export function createVllmEmulator(options: VllmEmulatorOptions): VllmEmulator {
  const model = options.model ?? 'meta-llama/Llama-3.2-1B';
  const tokenizer = createToyTokenizer({ ...(options.startToken !== undefined ? { startToken: options.startToken } : {}), byteFallback: options.byteFallback ?? false });
  const error = (status: number, message: string, type: string, param: string | null = null): WireResponse => ({
    status,
    body: options.flatErrors ? { object: 'error', message, type, param, code: status } : { error: { message, type, param, code: status } },
  });
  const generated = tokenizer.encode(' the').at(-1) as ToyToken;
  const { positions, completionLogprobs, serializePosition } = createVllmLogprobs(tokenizer, options);
  const completions = (body: Record<string, unknown>): WireResponse => {
    const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
    if (!Array.isArray(prompts) || prompts.length === 0 || prompts.some((prompt) => typeof prompt !== 'string' || prompt === '')) {
      return error(400, 'Either prompt or prompt_embeds must be provided and non-empty.', 'BadRequestError', 'prompt');
    }
    const echo = body.echo === true;
    const logprobs = typeof body.logprobs === 'number' ? body.logprobs : undefined;
    const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : 16;
    const promptLogprobCount = typeof body.prompt_logprobs === 'number' ? body.prompt_logprobs : echo ? logprobs : undefined;
    const returnIds = body.return_token_ids === true;
    let promptTokens = 0;
    let completionTokens = 0;
    const choices = (prompts as string[]).map((prompt, index) => {
      const tokens = tokenizer.encode(prompt);
      const promptPositions = promptLogprobCount === undefined ? undefined : positions(tokens, promptLogprobCount);
      const output = Array.from({ length: Math.max(1, maxTokens) }, () => generated);
      const outputPositions = positions([tokens.at(-1) as ToyToken, ...output], logprobs ?? 0).slice(1) as Position[];
      const shown = echo && maxTokens === 0 ? [] : output;
      promptTokens += tokens.length;
      completionTokens += output.length;
      const promptText = echo ? (returnIds ? '' : prompt) : '';
      const text = promptText + shown.map((token) => tokenizer.decode(token)).join('');
      const listed = echo ? [...(promptPositions ?? []), ...outputPositions.slice(0, shown.length)] : outputPositions.slice(0, shown.length);
      const listedTokens = echo ? [...tokens, ...shown] : shown;
      return {
        index,
        text,
        logprobs: logprobs === undefined ? null : completionLogprobs(listedTokens, listed, logprobs),
        finish_reason: 'length',
        stop_reason: null,
        token_ids: returnIds ? shown.map((token) => token.id) : null,
        prompt_logprobs: options.promptLogprobs === false || promptPositions === undefined ? null : promptPositions.map(serializePosition),
        prompt_token_ids: returnIds ? tokens.map((token) => token.id) : null,
      };
    });
    return {
      status: 200,
      body: {
        id: `cmpl-${fakeId(JSON.stringify(body))}`,
        object: 'text_completion',
        created: 1_767_225_600,
        model,
        choices,
        service_tier: null,
        system_fingerprint: null,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, completion_tokens: completionTokens, prompt_tokens_details: null },
        kv_transfer_params: null,
      },
    };
  };

  return {
    name: `vLLM ${options.chatTemplate ? 'instruct' : 'base'} model (${options.startToken ?? 'no start token'}${options.byteFallback ? ', byte fallback' : ''}${options.correctedDecoding ? ', V1 corrected decoding' : ''}${options.promptLogprobs === false ? ', no prompt_logprobs' : ''}${options.breakOffsets ? ', broken text_offset' : ''})`,
    sources: VLLM_SOURCES,
    tokenizer,
    model,
    handle(request: WireRequest): WireResponse {
      if (request.method === 'GET' && request.path === '/v1/models') return { status: 200, body: modelList(model) };
      if (request.method !== 'POST') return { status: 405, body: { detail: 'Method Not Allowed' } };
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
      if (request.path !== '/v1/completions' && request.path !== '/v1/chat/completions') return { status: 404, body: { detail: 'Not Found' } };
      if (body.model !== undefined && body.model !== model) return error(404, `The model \`${String(body.model)}\` does not exist.`, 'NotFoundError', 'model');
      if (request.path === '/v1/completions') return completions(body);
      if (!options.chatTemplate) {
        return error(400, 'As of transformers v4.44, default chat template is no longer allowed, so you must provide a chat template if the tokenizer does not define one.', 'BadRequestError');
      }
      return vllmChatCompletion(body, model, tokenizer);
    },
  };
}

function modelList(model: string): Record<string, unknown> {
  return {
    object: 'list',
    data: [{ id: model, object: 'model', created: 1_767_225_600, owned_by: 'vllm', root: model, parent: null, max_model_len: 4096, permission: [] }],
  };
}

export function fakeId(seed: string): string {
  let hash = 0;
  for (let index = 0; index < seed.length; index++) hash = (Math.imul(hash, 31) + seed.charCodeAt(index)) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

export const VLLM_SOURCES = [
  'vllm-project/vllm vllm/entrypoints/openai/completion/serving.py@030ea52effcb05071543c8c42b8f0145e94cee43 — echo: prompt tokens and prompt_logprobs first, only them with max_tokens 0; _create_completion_logprobs: tokens decoded one by one, first log-probability null, text_offset = running len(token) from 0, top_logprobs keyed by decoded text; choice prompt_logprobs = final_res.prompt_logprobs; return_token_ids empties the echoed prompt text; usage counts output.token_ids',
  'vllm-project/vllm vllm/entrypoints/openai/completion/protocol.py@002032ee2b18e1f7bd924ec47b62504ba3866063 — CompletionRequest fields (echo, logprobs, max_tokens default 16, prompt_logprobs, return_token_ids, add_special_tokens default true); to_sampling_params: prompt_logprobs defaults to logprobs when echo, max_tokens 0 with echo runs 1 step; CompletionResponseChoice fields',
  'vllm-project/vllm vllm/tokenizers/detokenizer_utils.py — convert_ids_list_to_tokens: each prompt token decoded alone, tokenizer.decode([token_id]) (U+FFFD for bytes of a split character)',
  'vllm-project/vllm vllm/renderers/hf.py@e7ad92e5308e67c9657fc06f351ff4326848f130 — safe_apply_chat_template: ChatTemplateResolutionError "As of transformers v4.44, default chat template is no longer allowed, ..." when the tokenizer has no chat template (answered 400 BadRequestError)',
  'vllm-project/vllm vllm/v1/engine/logprobs.py — LogprobsProcessor: the sampled or prompt token first in each position\'s dict; _verify_tokens/_correct_decoded_token re-decode a token ending in U+FFFD after up to 4 preceding tokens, or give "" (PR #34875)',
  'vllm-project/vllm issue #5334 — Llama 2 echo answers begin with "<s>", whose length text_offset counts; first token_logprob null',
  'vllm-project/vllm ErrorResponse: older servers {object: "error", message, type, param, code}; newer {error: {message, type, param, code}}',
];
