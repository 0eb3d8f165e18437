import { isHttpsHost } from '../http/is-https-host.js';
import { normalizeBaseUrl } from '../http/normalize-base-url.js';
import { fetchTransport } from '../http/http-transport.js';
import { defaultHttpTransport } from '../http/default-http-transport.js';
import { postJson } from '../http/post-json.js';
import {
  ProviderCallError, type Capability, type CapabilityAnswer, type GenerateRequest, type GenerateResult, type ModelProvider,
  type ProviderCapabilities, type RequestSettings, type ScoreOptionsRequest, type ScoreOptionsResult,
} from '../spec.js';
import { adaptToRefusal, chatRequestBody, LengthCutError, readChatResult, REASONING_OUTPUT_TOKENS } from './chat-generate.js';
import { probeOpenAiCapability, type ProbeFinding } from './probe-openai.js';
import { echoModes, scoreWithEcho, type EchoMode, type EchoState } from './score-with-echo.js';
import type { HttpProviderOptions } from '../http/http-provider-options.js';

export interface OpenAiProviderOptions extends HttpProviderOptions {
  /** Base URL including the version path, e.g. `http://127.0.0.1:8000/v1` (a bare origin gets `/v1`). Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /**
   * API key. Default: `OPENAI_API_KEY`, read per request, but only for OpenAI's own host
   * (api.openai.com) or when the base URL itself comes from `OPENAI_BASE_URL`; any other endpoint
   * gets no key unless one is given here. No `Authorization` header is sent without one.
   */
  apiKey?: string;
  /**
   * Score all options of an item in one completions request with a prompt array (default true);
   * false sends one request per option. A server that answers 400/422 to that is asked again with
   * one prompt per request and `max_tokens: 1` (for servers that refuse prompt arrays or
   * `max_tokens: 0`), and the shape that works is kept.
   */
  batchOptions?: boolean;
  /** The least output budget of every chat request (reasoning models spend it on reasoning before they answer). */
  minOutputTokens?: number;
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
  probeCapability(capability: Capability, signal?: AbortSignal): Promise<CapabilityAnswer>;
  adoptCapabilities(capabilities: Partial<ProviderCapabilities>): void;
  requestSettings(): RequestSettings;
  restoreRequestSettings(settings: RequestSettings): void;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A provider for any OpenAI-compatible server (OpenAI, vLLM, llama.cpp server, Ollama, Together).
 * Options are scored as continuations on the legacy completions endpoint (`echo` + `logprobs`,
 * `max_tokens: 0`); `generate` uses chat completions, with `logprobs` + `top_logprobs` when
 * `topLogprobs` is given (the answer-letter distribution), adapting to parameters the model refuses.
 * `probeCapability` asks one question at a time (each answer kept); `probe()` asks them all.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): OpenAiProvider {
  const baseURL = normalizeBaseUrl(options.baseURL ?? process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1');
  const defaultKeyApplies = options.baseURL === undefined || isHttpsHost(baseURL, 'api.openai.com');
  const transport = options.fetch ? fetchTransport(options.fetch) : defaultHttpTransport;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const batchOptions = options.batchOptions ?? true;
  const model = options.model;

  const post = async (path: string, body: unknown, signal: AbortSignal | undefined, parse?: (text: string) => unknown): Promise<unknown> => {
    const apiKey = options.apiKey ?? (defaultKeyApplies ? process.env.OPENAI_API_KEY : undefined);
    const headers: Record<string, string> = { ...options.headers };
    if (apiKey !== undefined && apiKey !== '') headers.authorization = `Bearer ${apiKey}`;
    const response = await postJson({ url: `${baseURL}${path}`, headers, body, transport, timeoutMs, signal, secret: apiKey, parse });
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

  // Learned from refusals (or restored from the store): what this model accepts.
  const configured: RequestSettings = options.minOutputTokens !== undefined ? { minOutputTokens: options.minOutputTokens } : {};
  let settings: RequestSettings = { ...configured };
  const generate = async (request: GenerateRequest): Promise<GenerateResult> => {
    for (;;) {
      const used = settings;
      const budgetTokens = Math.max(request.maxTokens, used.minOutputTokens ?? 0);
      try {
        return readChatResult(await post('/chat/completions', chatRequestBody(model, request, used), request.signal), request, proven.tokenLogprobs, budgetTokens);
      } catch (error) {
        const adapted = adaptToRefusal(error, used);
        // A model that spent the whole budget before answering reasons first: give it room, once.
        const roomier = error instanceof LengthCutError && budgetTokens < REASONING_OUTPUT_TOKENS ? { ...used, minOutputTokens: REASONING_OUTPUT_TOKENS } : undefined;
        const next = adapted ?? roomier;
        if (next === undefined) throw error;
        if (settings === used) settings = next;
      }
    }
  };

  const findings = new Map<Capability, Promise<ProbeFinding>>();
  const probeCapability = (capability: Capability, signal?: AbortSignal): Promise<CapabilityAnswer> => {
    let finding = findings.get(capability);
    if (!finding) {
      finding = probeOpenAiCapability({ scoreOptions, generate }, capability, signal).then((found) => {
        if (capability === 'optionScoring') proven.optionScoring = found.supported;
        if (capability === 'tokenLogprobs') proven.tokenLogprobs = found.supported;
        if (capability === 'optionScoring' && !found.supported) delete provider.scoreOptions;
        return found;
      });
      finding.catch(() => findings.delete(capability));
      findings.set(capability, finding);
    }
    return finding.then(({ refusal: _refusal, ...answer }) => ({ ...answer, evidence: [...answer.evidence] }));
  };

  const probe = async (signal?: AbortSignal): Promise<ProviderCapabilities> => {
    const optionScoring = await probeCapability('optionScoring', signal);
    const tokenLogprobs = await probeCapability('tokenLogprobs', signal);
    // Log-probs of generated tokens mean the endpoint generates: no third question.
    if (tokenLogprobs.supported) return { optionScoring: optionScoring.supported, tokenLogprobs: true, generation: true };
    const generation = await probeCapability('generation', signal);
    if (!optionScoring.supported && !generation.supported) {
      const refusal = (await findings.get('generation'))?.refusal;
      throw refusal ?? new ProviderCallError(`no method works on this endpoint: ${generation.reason ?? 'generation refused'}`, { isRetryable: false });
    }
    return { optionScoring: optionScoring.supported, tokenLogprobs: false, generation: generation.supported };
  };

  const adoptCapabilities = (capabilities: Partial<ProviderCapabilities>): void => {
    if (capabilities.optionScoring === true) proven.optionScoring = true;
    if (capabilities.tokenLogprobs === true) proven.tokenLogprobs = true;
  };

  const provider: OpenAiProvider = {
    specificationVersion: 'v1',
    provider: 'openai',
    modelId: model,
    baseURL,
    probe,
    probeCapability,
    adoptCapabilities,
    requestSettings: () => ({ ...settings }),
    restoreRequestSettings: (restored) => {
      // a budget set in the config wins over a smaller one learned before
      const minOutputTokens = Math.max(restored.minOutputTokens ?? 0, configured.minOutputTokens ?? 0);
      settings = { ...restored, ...(minOutputTokens > 0 ? { minOutputTokens } : {}) };
    },
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
