import {
  ProviderCallError, type GenerateRequest, type GenerateResult, type ModelProvider, type ProviderCapabilities,
  type ScoreOptionsRequest, type ScoreOptionsResult,
} from '../../providers/spec.js';

/** A fault the scripted provider raises instead of answering. */
export type ScriptedFault = { kind: 'rate-limit'; retryAfterMs?: number } | { kind: 'server-error' } | { kind: 'hang' } | { kind: 'fatal' } | { kind: 'quota' };

/**
 * A deterministic in-process provider for scheduler tests only (end-to-end tests use the real
 * HTTP test server and llama-cpp): option log-probs are a fixed function of the prompt, and
 * faults are injected per call by a callback.
 */
export class ScriptedProvider implements ModelProvider {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'scripted';
  calls = 0;
  active = 0;
  maxActive = 0;
  readonly prompts: string[] = [];

  constructor(
    readonly modelId: string,
    private readonly options: {
      capabilities?: ProviderCapabilities;
      latencyMs?: number;
      fault?: (call: number, prompt: string) => ScriptedFault | undefined;
      generateText?: (prompt: string, request: GenerateRequest) => string;
    } = {},
  ) {}

  async probe(): Promise<ProviderCapabilities> {
    return this.options.capabilities ?? { optionScoring: true, tokenLogprobs: false, generation: true };
  }

  private async enter(prompt: string, signal: AbortSignal | undefined): Promise<void> {
    this.calls++;
    this.prompts.push(prompt);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const fault = this.options.fault?.(this.calls, prompt);
      if (fault?.kind === 'hang') await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error)));
      await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs ?? 1));
      if (fault?.kind === 'rate-limit') throw new ProviderCallError('rate limited', { status: 429, isRetryable: true, retryAfterMs: fault.retryAfterMs });
      if (fault?.kind === 'server-error') throw new ProviderCallError('server error', { status: 500, isRetryable: true });
      if (fault?.kind === 'fatal') throw new ProviderCallError('bad request', { status: 400, isRetryable: false });
      if (fault?.kind === 'quota') throw new ProviderCallError('quota exhausted', { status: 429, isRetryable: false, stopsLane: true });
    } finally {
      this.active--;
    }
  }

  async scoreOptions(request: ScoreOptionsRequest): Promise<ScoreOptionsResult> {
    await this.enter(request.prompt, request.signal);
    const optionLogprobs = request.options.map((option, index) => -1 - index * 0.5 - (option.length % 3) * 0.1);
    return { optionLogprobs, usage: { inputTokens: request.prompt.length, outputTokens: 0 } };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    await this.enter(request.prompt, request.signal);
    const text = this.options.generateText?.(request.prompt, request) ?? 'Answer: A\nConfidence: 80';
    return { text, usage: { inputTokens: request.prompt.length, outputTokens: text.length } };
  }
}
