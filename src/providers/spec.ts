/**
 * The provider interface (version 1): one small contract every model backend implements, with its
 * capabilities declared as data so that shared code never checks vendors.
 */

/** Token counts reported by a backend; undefined (not 0) when the backend does not report them. */
export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
}

/** What a model endpoint can do, found by a capability probe before a run. */
export interface ProviderCapabilities {
  /** Can return the log-probability of a given continuation (option scoring). */
  optionScoring: boolean;
  /** Can return top-k log-probabilities of generated tokens (answer-letter distribution). */
  tokenLogprobs: boolean;
  /** Can generate text (verbalized confidence, free-form answers, consistency sampling). */
  generation: boolean;
}

/** The name of one capability. */
export type Capability = keyof ProviderCapabilities;

/**
 * The answer to one capability question: supported or not, why not, and the evidence (one line per
 * request the probe sent). A capability is absent only when the endpoint refused it explicitly (an
 * error status whose body says it is unsupported) or left it out consistently (every repeated 200
 * answer without it): one answer without log-probs is a fault of that answer, not a "no".
 */
export interface CapabilityAnswer {
  supported: boolean;
  /** Why not, when not supported. */
  reason?: string;
  evidence: string[];
}

/**
 * Request settings learned from a model's refusals (OpenAI's reasoning models refuse `temperature`
 * and `max_tokens`), so that a resumed run sends what the model accepts without relearning it.
 */
export interface RequestSettings {
  /** The output-length field: `max_tokens`, or `max_completion_tokens` for models that refuse it. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Send no `temperature` (the model accepts only its default). */
  omitTemperature?: boolean;
  /** The least output budget to ask for: a reasoning model spends tokens on reasoning before it answers. */
  minOutputTokens?: number;
}

export interface ScoreOptionsRequest {
  /** The shared prompt; each option is scored as its continuation. */
  prompt: string;
  options: string[];
  signal?: AbortSignal;
}

export interface ScoreOptionsResult {
  /** Summed log-probability (nats) of each option's tokens given the prompt. */
  optionLogprobs: number[];
  /** Number of tokens of each option, when known. */
  optionTokenCounts?: number[];
  /** Tokens the backend evaluated for this request, when known (prefix sharing shows here). */
  tokensEvaluated?: number;
  usage: Usage;
}

export interface GenerateRequest {
  prompt: string;
  system?: string;
  maxTokens: number;
  temperature: number;
  /** Ask for this many alternatives per generated token, when the backend can. */
  topLogprobs?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

export interface GenerateResult {
  text: string;
  tokenLogprobs?: TokenLogprob[];
  usage: Usage;
}

/** A model behind one provider. Optional methods exist exactly when the capability is declared. */
export interface ModelProvider {
  readonly specificationVersion: 'v1';
  /** Provider name: `openai`, `anthropic`, `llama-cpp`. */
  readonly provider: string;
  readonly modelId: string;
  probe(signal?: AbortSignal): Promise<ProviderCapabilities>;
  /**
   * Asks one capability question (the runner asks only what the chosen method needs, in order of
   * preference). Retryable failures and authentication failures are thrown; refusals are answers.
   * Providers without it are probed with `probe()`.
   */
  probeCapability?(capability: Capability, signal?: AbortSignal): Promise<CapabilityAnswer>;
  /**
   * Adopts what an earlier probe of this endpoint found (a resumed run): a missing log-prob in an
   * answer is then a fault of that answer (retryable), exactly as after a fresh probe.
   */
  adoptCapabilities?(capabilities: Partial<ProviderCapabilities>): void;
  /** The request settings learned so far (to store with the run), and a setter to restore them. */
  requestSettings?(): RequestSettings;
  restoreRequestSettings?(settings: RequestSettings): void;
  scoreOptions?(request: ScoreOptionsRequest): Promise<ScoreOptionsResult>;
  generate?(request: GenerateRequest): Promise<GenerateResult>;
  close?(): Promise<void>;
}

export interface ProviderCallErrorOptions {
  status?: number;
  isRetryable: boolean;
  retryAfterMs?: number;
  unsupported?: boolean;
  stopsLane?: boolean;
  code?: string;
  param?: string;
  cause?: unknown;
}

/** A failed call to a model endpoint, as data: whether to retry and when. */
export class ProviderCallError extends Error {
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** The server said the feature or parameter asked for is not supported (a refusal, not a fault). */
  readonly unsupported: boolean;
  /** No request to this endpoint can succeed now (quota or spend limit exhausted): stop sending to it. */
  readonly stopsLane: boolean;
  /** The `error.code` and `error.param` of an OpenAI-style error body, when present. */
  readonly code: string | undefined;
  readonly param: string | undefined;

  constructor(message: string, options: ProviderCallErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'ProviderCallError';
    this.status = options.status;
    this.isRetryable = options.isRetryable;
    this.retryAfterMs = options.retryAfterMs;
    this.unsupported = options.unsupported ?? false;
    this.stopsLane = options.stopsLane ?? false;
    this.code = options.code;
    this.param = options.param;
  }
}
