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
  scoreOptions?(request: ScoreOptionsRequest): Promise<ScoreOptionsResult>;
  generate?(request: GenerateRequest): Promise<GenerateResult>;
  close?(): Promise<void>;
}

/** A failed call to a model endpoint, as data: whether to retry and when. */
export class ProviderCallError extends Error {
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { status?: number; isRetryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'ProviderCallError';
    this.status = options.status;
    this.isRetryable = options.isRetryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}
