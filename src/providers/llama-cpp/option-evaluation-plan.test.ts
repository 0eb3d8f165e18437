import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOptionEvaluation } from './option-evaluation-plan.js';

const BOS = 100;

describe('planOptionEvaluation', () => {
  it('evaluates the prompt once and each option from the last prompt token', () => {
    const plan = planOptionEvaluation([BOS, 1, 2], [[BOS, 1, 2, 3], [BOS, 1, 2, 4, 5]]);
    expect(plan.sharedTokens).toEqual([BOS, 1]);
    expect(plan.options).toEqual([
      { evaluateTokens: [2], predict: [3], scoredTokenCount: 1, sequenceLength: 4 },
      { evaluateTokens: [2, 4], predict: [4, 5], scoredTokenCount: 2, sequenceLength: 5 },
    ]);
    expect(plan.tokensEvaluated).toBe(2 + 1 + 2);
    expect(plan.naiveTokens).toBe(4 + 5);
  });

  it('scores from where an option’s tokens leave the prompt’s (a tokenizer that merges across the boundary)', () => {
    // Prompt [BOS, 1, 2]; option A is tokenized as [BOS, 1, 9, 5] (2 merged with the option's first byte).
    const plan = planOptionEvaluation([BOS, 1, 2], [[BOS, 1, 9, 5], [BOS, 1, 2, 7]]);
    expect(plan.sharedTokens).toEqual([BOS]);
    expect(plan.options[0]).toEqual({ evaluateTokens: [1, 9], predict: [9, 5], scoredTokenCount: 2, sequenceLength: 4 });
    expect(plan.options[1]).toEqual({ evaluateTokens: [1, 2], predict: [undefined, 7], scoredTokenCount: 1, sequenceLength: 4 });
  });

  it('refuses an option that adds no token, and a first token with no context', () => {
    expect(() => planOptionEvaluation([BOS, 1], [[BOS, 1, 2], [BOS, 1]])).toThrow(/option 1 adds no token/);
    expect(() => planOptionEvaluation([], [[5, 6]])).toThrow(/no BOS/);
  });

  it('replays every sequence exactly and predicts exactly the scored tokens (property)', () => {
    const tokens = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 6 });
    fc.assert(
      fc.property(tokens, fc.array(fc.tuple(fc.nat(6), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 5 }), (prompt, rawOptions) => {
        const promptTokens = [BOS, ...prompt];
        // Each option keeps a random part of the prompt and continues with its own tokens (as a merging tokenizer may).
        const sequences = rawOptions.map(([keep, own]) => [...promptTokens.slice(0, 1 + Math.min(keep, prompt.length)), ...own]);
        // An option whose tokens all lie inside the prompt adds nothing to score (refused, tested above).
        fc.pre(sequences.every((sequence) => sequence.some((token, index) => token !== promptTokens[index])));
        const plan = planOptionEvaluation(promptTokens, sequences);
        let total = plan.sharedTokens.length;
        plan.options.forEach((option, index) => {
          const sequence = sequences[index] ?? [];
          expect([...plan.sharedTokens, ...option.evaluateTokens]).toEqual(sequence.slice(0, -1));
          let start = 0;
          while (start < sequence.length && sequence[start] === promptTokens[start]) start += 1;
          const predicted = option.predict.filter((token) => token !== undefined);
          expect(predicted).toEqual(sequence.slice(start));
          // Scored positions are the last ones: once scoring starts, every later position is scored.
          const firstScored = option.predict.findIndex((token) => token !== undefined);
          expect(option.predict.slice(firstScored).every((token) => token !== undefined)).toBe(true);
          total += option.evaluateTokens.length;
        });
        expect(plan.tokensEvaluated).toBe(total);
        expect(plan.naiveTokens).toBe(sequences.reduce((sum, sequence) => sum + sequence.length, 0));
      }),
    );
  });
});
