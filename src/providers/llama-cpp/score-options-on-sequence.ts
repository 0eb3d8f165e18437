import type { ControlledEvaluateInputItem, Token } from 'node-llama-cpp';
import type { LlamaRuntime } from './llama-runtime.js';
import { planOptionEvaluation } from './option-evaluation-plan.js';

/** Log-probabilities of each option's tokens, with the counts that show the prefix sharing. */
export interface OptionTokenScores {
  /** Per option, the log-probability (nats) of each scored token given everything before it. */
  tokenLogprobs: number[][];
  tokensEvaluated: number;
  /** What a scorer that evaluates prompt + option from scratch for every option would evaluate. */
  naiveTokens: number;
}

/** Smallest positive float32: the floor of a probability that underflowed in the engine (log ≈ −103.3). */
const FLOAT32_MIN_LOG = Math.log(1.401298464324817e-45);

function logOf(probability: number | undefined): number {
  return probability !== undefined && probability > 0 ? Math.log(probability) : FLOAT32_MIN_LOG;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error('aborted');
}

/**
 * Scores each option as a continuation of `prompt` on the runtime's sequence: the sequence is cleared, the shared
 * prefix evaluated once, then each option's own tokens, erasing them from the KV cache before the next option.
 * The caller must hold the sequence exclusively.
 */
export async function scoreOptionsOnSequence(
  runtime: LlamaRuntime,
  prompt: string,
  options: readonly string[],
  signal?: AbortSignal,
): Promise<OptionTokenScores> {
  const { model, sequence, bosTokens } = runtime;
  const promptTokens: Token[] = [...bosTokens, ...model.tokenize(prompt)];
  const sequences = options.map((option): Token[] => [...bosTokens, ...model.tokenize(prompt + option)]);
  const plan = planOptionEvaluation(promptTokens, sequences);
  const longest = Math.max(...plan.options.map((option) => option.sequenceLength));
  if (longest > runtime.contextSize) {
    throw new Error(`prompt + option is ${longest} tokens, more than the context size ${runtime.contextSize}; raise contextSize`);
  }
  throwIfAborted(signal);
  await sequence.clearHistory();
  if (plan.sharedTokens.length > 0) await sequence.evaluateWithoutGeneratingNewTokens(plan.sharedTokens);
  const sharedEnd = sequence.nextTokenIndex;
  const tokenLogprobs: number[][] = [];
  for (const option of plan.options) {
    throwIfAborted(signal);
    const input: ControlledEvaluateInputItem[] = option.evaluateTokens.map((token, index) =>
      option.predict[index] === undefined ? token : [token, { generateNext: { probabilities: true } }],
    );
    const output = await sequence.controlledEvaluate(input);
    const scores: number[] = [];
    option.predict.forEach((target, index) => {
      if (target !== undefined) scores.push(logOf(output[index]?.next.probabilities?.get(target)));
    });
    tokenLogprobs.push(scores);
    await sequence.eraseContextTokenRanges([{ start: sharedEnd, end: sequence.nextTokenIndex }]);
  }
  return { tokenLogprobs, tokensEvaluated: plan.tokensEvaluated, naiveTokens: plan.naiveTokens };
}
