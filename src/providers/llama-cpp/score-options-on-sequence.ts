import type { ControlledEvaluateInputItem, Token } from 'node-llama-cpp';
import type { LlamaRuntime } from './llama-runtime.js';
import { commonPrefixLength, planOptionEvaluation } from './option-evaluation-plan.js';

/** Log-probabilities of each option's tokens, with the counts that show the prefix sharing. */
export interface OptionTokenScores {
  /** Per option, the log-probability (nats) of each scored token given everything before it. */
  tokenLogprobs: number[][];
  /** Tokens evaluated for this call (the reused cached beginning not counted). */
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
 * Scores each option as a continuation of `prompt` on the runtime's sequence: the tokens every option sequence
 * shares are evaluated once, with the next-token distributions the options' first tokens need (the beginning the
 * previous call left in the KV cache is reused where it agrees), then each option's own remaining tokens, erasing
 * them from the KV cache before the next option.
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
  // What the previous call left in the KV cache is kept as far as it agrees with these tokens (items share
  // their template's beginning), but never past the first position whose distribution is needed.
  const firstPredicted = plan.sharedPredicts.indexOf(true);
  const kept = Math.min(commonPrefixLength(sequence.contextTokens, plan.sharedTokens), firstPredicted < 0 ? plan.sharedTokens.length : firstPredicted);
  if (kept === 0) await sequence.clearHistory();
  else if (sequence.nextTokenIndex > kept) await sequence.eraseContextTokenRanges([{ start: kept, end: sequence.nextTokenIndex }]);
  const evaluated = await sequence.controlledEvaluate(plan.sharedTokens.slice(kept).map((token, index): ControlledEvaluateInputItem =>
    plan.sharedPredicts[kept + index] === true ? [token, { generateNext: { probabilities: true } }] : token,
  ));
  const shared = [...new Array<undefined>(kept), ...evaluated];
  const sharedEnd = sequence.nextTokenIndex;
  const tokenLogprobs: number[][] = [];
  for (const option of plan.options) {
    const scores = option.sharedScores.map(({ position, token }) => logOf(shared[position]?.next.probabilities?.get(token)));
    if (option.evaluateTokens.length > 0) {
      throwIfAborted(signal);
      const input: ControlledEvaluateInputItem[] = option.evaluateTokens.map((token, index) =>
        option.predict[index] === undefined ? token : [token, { generateNext: { probabilities: true } }],
      );
      const output = await sequence.controlledEvaluate(input);
      option.predict.forEach((target, index) => {
        if (target !== undefined) scores.push(logOf(output[index]?.next.probabilities?.get(target)));
      });
      await sequence.eraseContextTokenRanges([{ start: sharedEnd, end: sequence.nextTokenIndex }]);
    }
    tokenLogprobs.push(scores);
  }
  return { tokenLogprobs, tokensEvaluated: plan.tokensEvaluated - kept, naiveTokens: plan.naiveTokens };
}
