import { LengthCutError } from './chat-generate.js';
import { ProviderCallError, type Capability, type CapabilityAnswer, type GenerateRequest, type GenerateResult, type ScoreOptionsRequest } from '../spec.js';

interface ProbeCalls {
  scoreOptions(request: ScoreOptionsRequest): Promise<unknown>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

/** Answers asked for when a 200 answer lacks the feature: absent only when every one of them lacks it. */
export const PROBE_REPEATS = 3;

/** One capability's answer, with the refusal behind a "no" (to rethrow when nothing works at all). */
export interface ProbeFinding extends CapabilityAnswer {
  refusal?: ProviderCallError;
}

function attemptFor(calls: ProbeCalls, capability: Capability, signal: AbortSignal | undefined): () => Promise<string> {
  const withSignal = signal ? { signal } : {};
  if (capability === 'optionScoring') {
    return async () => {
      await calls.scoreOptions({ prompt: 'The capital of France is', options: [' Paris', ' Rome'], ...withSignal });
      return 'completions with echo + logprobs: scored both options';
    };
  }
  if (capability === 'tokenLogprobs') {
    return async () => {
      const result = await calls.generate({ prompt: 'Answer with one letter, A or B.', maxTokens: 1, temperature: 0, topLogprobs: 5, ...withSignal });
      const first = result.tokenLogprobs?.[0];
      if (first === undefined || first.top.length === 0) {
        throw new ProviderCallError('chat answer carries no top log-probabilities', { isRetryable: false });
      }
      return `chat with logprobs: ${first.top.length} alternatives for the first token`;
    };
  }
  return async () => {
    try {
      const result = await calls.generate({ prompt: 'Say OK.', maxTokens: 1, temperature: 0, ...withSignal });
      return `chat: answered ${JSON.stringify(result.text.slice(0, 20))}`;
    } catch (error) {
      // The endpoint generates; that the budget ran out first is an answer about the budget, recorded per item.
      if (error instanceof LengthCutError) return `chat: answered, but cut at the output budget (${error.message})`;
      throw error;
    }
  };
}

/**
 * Asks an OpenAI-compatible endpoint one capability question. An error status (4xx other than
 * 401/403/429, or a 5xx whose body says the feature is unsupported, such as llama-server's 500
 * "Only no echo is supported") is an explicit "no". A 200 answer without the feature (log-probs
 * left out, echo ignored) is asked again, up to PROBE_REPEATS times: the capability is absent only
 * when every answer lacks it, so one faulty answer cannot flip it. Authentication failures,
 * exhausted quotas and retryable failures are thrown for the caller's retry loop.
 */
export async function probeOpenAiCapability(calls: ProbeCalls, capability: Capability, signal?: AbortSignal): Promise<ProbeFinding> {
  const attempt = attemptFor(calls, capability, signal);
  const evidence: string[] = [];
  let last: ProviderCallError | undefined;
  for (let round = 1; round <= PROBE_REPEATS; round++) {
    try {
      evidence.push(await attempt());
      return { supported: true, evidence };
    } catch (error) {
      if (!(error instanceof ProviderCallError) || error.isRetryable || error.stopsLane || error.status === 401 || error.status === 403) throw error;
      last = error;
      evidence.push(error.status !== undefined ? `refused: ${error.message}` : `answer without it: ${error.message}`);
      if (error.status !== undefined) return { supported: false, reason: error.message, evidence, refusal: error };
    }
  }
  const reason = `${last?.message ?? 'not supported'} (in all ${PROBE_REPEATS} answers)`;
  return { supported: false, reason, evidence, ...(last ? { refusal: last } : {}) };
}
