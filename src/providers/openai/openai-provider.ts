import { normalizeBaseUrl } from '../http/normalize-base-url.js';
import { fetchTransport, nodeHttpTransport } from '../http/http-transport.js';
import { postJson } from '../http/post-json.js';
import { ProviderCallError, type GenerateRequest, type GenerateResult, type ModelProvider, type ProviderCapabilities, type ScoreOptionsRequest, type ScoreOptionsResult } from '../spec.js';
import { asksForMaxCompletionTokens, chatRequestBody, readChatResult, type MaxTokensField } from './chat-generate.js';
import { probeOpenAi } from './probe-openai.js';
import { echoModes, scoreWithEcho, type EchoMode, type EchoState } from './score-with-echo.js';
import type { HttpProviderOptions } from '../http/http-provider-options.js';

export interface OpenAiProviderOptions extends HttpProviderOptions {
  /** Base URL including the version path, e.g. `http://127.0.0.1:8000/v1` (a bare origin gets `/v1`). Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** API key; read per request, default `OPENAI_API_KEY`. No `Authorization` header is sent without one. */
  apiKey?: string;
  /**
   * Score all options of an item in one completions request with a prompt array (default true);
   * false sends one request per option. A server that answers 400/422 to that is asked again with
   * one prompt per request and `max_tokens: 1` (for servers that refuse prompt arrays or
   * `max_tokens: 0`), and the shape that works is kept.
   */
  batchOptions?: boolean;
}

/**
 * A ModelProvider with the endpoint it talks to (useful for cache keys; never holds the key). Both
 * methods exist until `probe()` answers; then `scoreOptions` remains only where the endpoint can
 * score options, so that a method exists exactly when its capability is declared.
 */
export interface OpenAiProvider extends ModelProvider {
  readonly baseURL: string;
  scoreOptions?(request: ScoreOptionsRequest): Promise<ScoreOptionsResult>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A provider for any OpenAI-compatible server (OpenAI, vLLM, llama.cpp server, Ollama, Together).
 * Options are scored as continuations on the legacy completions endpoint (`echo` + `logprobs`,
 * `max_tokens: 0`); `generate` uses chat completions, with `logprobs` + `top_logprobs` when
 * `topLogprobs` is given (the answer-letter distribution). `probe()` tries each method once.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): OpenAiProvider {
  const baseURL = normalizeBaseUrl(options.baseURL ?? process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1');
  const transport = options.fetch ? fetchTransport(options.fetch) : nodeHttpTransport;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const batchOptions = options.batchOptions ?? true;
  const model = options.model;

  const post = async (path: string, body: unknown, signal: AbortSignal | undefined): Promise<unknown> => {
    const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
    const headers: Record<string, string> = { ...options.headers };
    if (apiKey !== undefined && apiKey !== '') headers.authorization = `Bearer ${apiKey}`;
    const response = await postJson({ url: `${baseURL}${path}`, headers, body, transport, timeoutMs, signal, secret: apiKey });
    return response.json;
  };

  // What the probe saw the endpoint do: afterwards, an answer without log-probs is a fault of that answer (retryable).
  const proven = { optionScoring: false, tokenLogprobs: false };
  const echoState: EchoState = { logprobsProven: false, tokenIds: false };
  const scoreWith = (mode: EchoMode, request: ScoreOptionsRequest): Promise<ScoreOptionsResult> =>
    scoreWithEcho(post, model, mode, request, Object.assign(echoState, { logprobsProven: proven.optionScoring }));

  // Request shapes still in the running: the first that a server accepts is kept for good.
  let modes = echoModes(batchOptions);
  const scoreOptions = async (request: ScoreOptionsRequest): Promise<ScoreOptionsResult> => {
    checkScoreRequest(request);
    const candidates = modes;
    for (const [index, mode] of candidates.entries()) {
      try {
        const result = await scoreWith(mode, request);
        modes = [mode];
        return result;
      } catch (error) {
        const refusedShape = error instanceof ProviderCallError && (error.status === 400 || error.status === 422);
        if (!refusedShape || index === candidates.length - 1) throw error;
      }
    }
    throw new ProviderCallError('no echo request shape to try', { isRetryable: false });
  };

  let maxTokensField: MaxTokensField = 'max_tokens';
  const generate = async (request: GenerateRequest): Promise<GenerateResult> => {
    const field = maxTokensField;
    try {
      return readChatResult(await post('/chat/completions', chatRequestBody(model, request, field), request.signal), request, proven.tokenLogprobs);
    } catch (error) {
      if (field !== 'max_tokens' || !asksForMaxCompletionTokens(error)) throw error;
      maxTokensField = 'max_completion_tokens';
      return generate(request);
    }
  };

  let probed: Promise<ProviderCapabilities> | undefined;
  const probe = (signal?: AbortSignal): Promise<ProviderCapabilities> => {
    probed ??= probeOpenAi({ scoreOptions, generate }, signal).then(
      (capabilities) => {
        if (!capabilities.optionScoring) delete provider.scoreOptions;
        proven.optionScoring = capabilities.optionScoring;
        proven.tokenLogprobs = capabilities.tokenLogprobs;
        return { ...capabilities };
      },
      (error: unknown) => {
        probed = undefined;
        throw error;
      },
    );
    return probed.then((capabilities) => ({ ...capabilities }));
  };

  const provider: OpenAiProvider = {
    specificationVersion: 'v1',
    provider: 'openai',
    modelId: model,
    baseURL,
    probe,
    scoreOptions,
    generate,
    // Nothing to free: connections are pooled by the transport (shared keep-alive agents, or the given fetch).
    close: () => Promise.resolve(),
  };
  return provider;
}

function checkScoreRequest(request: ScoreOptionsRequest): void {
  if (request.options.length === 0 || request.options.some((option) => typeof option !== 'string' || option === '')) {
    throw new ProviderCallError('scoreOptions needs at least one option, and every option must be a non-empty string', { isRetryable: false });
  }
}
