import { z } from 'zod';
import { parseResponse } from '../http/parse-response.js';
import { isHttpsHost } from '../http/is-https-host.js';
import { normalizeBaseUrl } from '../http/normalize-base-url.js';
import { fetchTransport } from '../http/http-transport.js';
import { defaultHttpTransport } from '../http/default-http-transport.js';
import { postJson } from '../http/post-json.js';
import { ProviderCallError, type GenerateRequest, type GenerateResult, type ModelProvider, type ProviderCapabilities } from '../spec.js';
import type { HttpProviderOptions } from '../http/http-provider-options.js';

export interface AnthropicProviderOptions extends HttpProviderOptions {
  /** Base URL including the version path (a bare origin gets `/v1`). Default: `https://api.anthropic.com/v1`. */
  baseURL?: string;
  /** API key. Default: `ANTHROPIC_API_KEY`, read per request, for Anthropic's own host (api.anthropic.com) only; another endpoint gets no key unless one is given here. */
  apiKey?: string;
}

export interface AnthropicProvider extends ModelProvider {
  readonly baseURL: string;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  close(): Promise<void>;
}

export const ANTHROPIC_VERSION = '2023-06-01';

const messagesResponseSchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullable().optional(),
  usage: z.object({ input_tokens: z.number().int().nonnegative().optional(), output_tokens: z.number().int().nonnegative().optional() }).nullable().optional(),
});

/**
 * A provider for the Anthropic Messages API (`POST {baseURL}/messages`). There are no
 * log-probabilities: only `generate`; verbalized confidence and consistency sampling are done by
 * the runner. `probe()` sends one 1-token request so that a bad key or model fails before a run.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): AnthropicProvider {
  const baseURL = normalizeBaseUrl(options.baseURL ?? 'https://api.anthropic.com/v1');
  const transport = options.fetch ? fetchTransport(options.fetch) : defaultHttpTransport;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const model = options.model;
  const ownHost = isHttpsHost(baseURL, 'api.anthropic.com');

  const generate = async (request: GenerateRequest): Promise<GenerateResult> => {
    if (request.topLogprobs !== undefined) {
      throw new ProviderCallError('the Anthropic Messages API returns no log-probabilities; do not ask for topLogprobs', { isRetryable: false });
    }
    const apiKey = options.apiKey ?? (ownHost ? process.env.ANTHROPIC_API_KEY : undefined);
    if (ownHost && (apiKey === undefined || apiKey === '')) {
      throw new ProviderCallError('no Anthropic API key: set ANTHROPIC_API_KEY', { isRetryable: false });
    }
    const body = {
      model,
      max_tokens: request.maxTokens,
      temperature: request.temperature,
      ...(request.system !== undefined ? { system: request.system } : {}),
      messages: [{ role: 'user', content: request.prompt }],
    };
    const headers: Record<string, string> = { ...options.headers, 'anthropic-version': ANTHROPIC_VERSION };
    if (apiKey !== undefined && apiKey !== '') headers['x-api-key'] = apiKey;
    const { json } = await postJson({ url: `${baseURL}/messages`, headers, body, transport, timeoutMs, signal: request.signal, secret: apiKey });
    const response = parseResponse(messagesResponseSchema, json, 'messages answer');
    const text = response.content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
    if (text === '' && response.stop_reason === 'max_tokens') {
      throw new ProviderCallError(`the answer was cut off at the output budget of ${request.maxTokens} tokens before any text (stop_reason: max_tokens): no answer to score`, { isRetryable: false, code: 'length' });
    }
    return { text, usage: { inputTokens: response.usage?.input_tokens, outputTokens: response.usage?.output_tokens } };
  };

  let probed: Promise<ProviderCapabilities> | undefined;
  const probe = (signal?: AbortSignal): Promise<ProviderCapabilities> => {
    probed ??= generate({ prompt: 'Say OK.', maxTokens: 1, temperature: 0, ...(signal ? { signal } : {}) }).then(
      () => ({ optionScoring: false, tokenLogprobs: false, generation: true }),
      (error: unknown) => {
        probed = undefined;
        throw error;
      },
    );
    return probed;
  };

  return { specificationVersion: 'v1', provider: 'anthropic', modelId: model, baseURL, probe, generate, close: () => Promise.resolve() };
}
