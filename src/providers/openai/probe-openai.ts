import { ProviderCallError, type GenerateRequest, type GenerateResult, type ProviderCapabilities, type ScoreOptionsRequest } from '../spec.js';

interface ProbeCalls {
  scoreOptions(request: ScoreOptionsRequest): Promise<unknown>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

/**
 * Finds out what an OpenAI-compatible endpoint supports by trying each method once: echo scoring
 * on the completions endpoint, then chat with `logprobs` + `top_logprobs`, then plain chat (skipped
 * when the previous one worked). A refusal (a non-retryable answer other than 401/403) means "not
 * supported"; authentication failures and retryable failures are thrown, and so is the plain-chat
 * failure when nothing works at all, since then the endpoint or model is unusable.
 */
export async function probeOpenAi(calls: ProbeCalls, signal?: AbortSignal): Promise<ProviderCapabilities> {
  const withSignal = signal ? { signal } : {};
  const optionScoring = await supports(() => calls.scoreOptions({ prompt: 'The capital of France is', options: [' Paris', ' Rome'], ...withSignal }));
  const tokenLogprobs = await supports(async () => {
    const result = await calls.generate({ prompt: 'Answer with one letter, A or B.', maxTokens: 1, temperature: 0, topLogprobs: 5, ...withSignal });
    const first = result.tokenLogprobs?.[0];
    if (first === undefined || first.top.length === 0) {
      throw new ProviderCallError('chat answer carries no top log-probabilities', { isRetryable: false });
    }
  });
  if (tokenLogprobs) return { optionScoring, tokenLogprobs, generation: true };
  await calls.generate({ prompt: 'Say OK.', maxTokens: 1, temperature: 0, ...withSignal });
  return { optionScoring, tokenLogprobs, generation: true };
}

async function supports(attempt: () => Promise<unknown>): Promise<boolean> {
  try {
    await attempt();
    return true;
  } catch (error) {
    if (error instanceof ProviderCallError && !error.isRetryable && error.status !== 401 && error.status !== 403) return false;
    throw error;
  }
}
