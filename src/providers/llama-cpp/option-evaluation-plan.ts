/**
 * How to score every option of one multiple-choice item with everything the options share evaluated once.
 *
 * Each option is scored as the continuation of the prompt: the full sequence is `tokenize(prompt + option)` and
 * the scored tokens are those after its common prefix with `tokenize(prompt)` (so a tokenizer that merges across the
 * boundary is handled as lm-evaluation-harness does). The tokens every option sequence starts with (the prompt, and
 * the options' common beginning, such as a leading space) are evaluated once, asking for the next-token
 * distribution at the shared positions that predict a scored token: the last shared position gives every option's
 * first differing token at once. Each option then evaluates only its own remaining tokens. The last token of a
 * sequence is never evaluated: nothing after it is needed.
 */
export interface OptionEvaluationPlan<T = number> {
  /** Tokens evaluated once, before any option. */
  sharedTokens: T[];
  /** Per shared position, whether its next-token distribution is needed by some option. */
  sharedPredicts: boolean[];
  options: Array<OptionEvaluation<T>>;
  /** Tokens evaluated in total: shared + each option's own. */
  tokensEvaluated: number;
  /** Tokens a scorer without prefix sharing evaluates: every full sequence, once per option. */
  naiveTokens: number;
}

export interface OptionEvaluation<T = number> {
  /** Shared positions whose distribution scores this option's first tokens, with the token each must predict. */
  sharedScores: Array<{ position: number; token: T }>;
  /** Tokens to evaluate after the shared ones (the sequence from `sharedTokens.length`, without its last token). */
  evaluateTokens: T[];
  /** For each evaluated token, the token it must predict, or undefined when that position is not scored. */
  predict: Array<T | undefined>;
  /** Number of scored tokens of this option (shared scores + defined predictions). */
  scoredTokenCount: number;
  /** Longest sequence position used, to check against the context size. */
  sequenceLength: number;
}

/** How many tokens `a` and `b` start with in common. */
export function commonPrefixLength<T>(a: readonly T[], b: readonly T[]): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
  return length;
}

/**
 * Plans the evaluation. `promptTokens` and each of `optionSequences` start with the same BOS when the model adds one.
 * Throws an Error naming the option when an option adds no token, or when nothing precedes its first token.
 */
export function planOptionEvaluation<T>(promptTokens: readonly T[], optionSequences: ReadonlyArray<readonly T[]>): OptionEvaluationPlan<T> {
  const scoredFrom = optionSequences.map((sequence, index) => {
    const start = commonPrefixLength(sequence, promptTokens);
    if (start >= sequence.length) throw new Error(`option ${index} adds no token to the prompt (is it empty?)`);
    if (start === 0) throw new Error(`option ${index}: the model adds no BOS token and the prompt is empty, so its first token has no context`);
    return start;
  });
  const first = optionSequences[0] ?? [];
  // Shared: what every sequence starts with, but never a token no sequence needs evaluated (each sequence's last).
  let sharedLength = Math.max(...optionSequences.map((sequence) => sequence.length - 1));
  for (const sequence of optionSequences) sharedLength = Math.min(sharedLength, commonPrefixLength(sequence, first));
  const sharedTokens = first.slice(0, sharedLength);
  const sharedPredicts = sharedTokens.map(() => false);
  let tokensEvaluated = sharedLength;
  let naiveTokens = 0;
  const options = optionSequences.map((sequence, index): OptionEvaluation<T> => {
    const start = scoredFrom[index] ?? 0;
    // Position p predicts token p + 1; this option scores tokens start … length − 1.
    const sharedScores: Array<{ position: number; token: T }> = [];
    for (let position = start - 1; position < Math.min(sharedLength, sequence.length - 1); position++) {
      sharedScores.push({ position, token: sequence[position + 1]! });
      sharedPredicts[position] = true;
    }
    const evaluateTokens = sequence.slice(sharedLength, Math.max(sharedLength, sequence.length - 1));
    const predict = evaluateTokens.map((_, offset) => {
      const target = sharedLength + offset + 1;
      return target >= start ? sequence[target] : undefined;
    });
    tokensEvaluated += evaluateTokens.length;
    naiveTokens += sequence.length;
    return { sharedScores, evaluateTokens, predict, scoredTokenCount: sequence.length - start, sequenceLength: sequence.length };
  });
  return { sharedTokens, sharedPredicts, options, tokensEvaluated, naiveTokens };
}
