import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOptionEvaluation } from './option-evaluation-plan.js';

const BOS = 100;

describe('planOptionEvaluation', () => {
  it('evaluates the prompt once and reads every option\'s first token from its last position', () => {
    const plan = planOptionEvaluation([BOS, 1, 2], [[BOS, 1, 2, 3], [BOS, 1, 2, 4, 5]]);
    expect(plan.sharedTokens).toEqual([BOS, 1, 2]);
    expect(plan.sharedPredicts).toEqual([false, false, true]);
    expect(plan.options).toEqual([
      { sharedScores: [{ position: 2, token: 3 }], evaluateTokens: [], predict: [], scoredTokenCount: 1, sequenceLength: 4 },
      { sharedScores: [{ position: 2, token: 4 }], evaluateTokens: [4], predict: [5], scoredTokenCount: 2, sequenceLength: 5 },
    ]);
    expect(plan.tokensEvaluated).toBe(3 + 0 + 1);
    expect(plan.naiveTokens).toBe(4 + 5);
  });

  it('shares what the options start with (a leading space), and an option that is a prefix of another', () => {
    const SPACE = 7;
    const plan = planOptionEvaluation([BOS, 1], [[BOS, 1, SPACE, 3], [BOS, 1, SPACE, 3, 8], [BOS, 1, SPACE, 4]]);
    expect(plan.sharedTokens).toEqual([BOS, 1, SPACE]);
    expect(plan.sharedPredicts).toEqual([false, true, true]);
    expect(plan.options.map((option) => option.sharedScores)).toEqual([
      [{ position: 1, token: SPACE }, { position: 2, token: 3 }],
      [{ position: 1, token: SPACE }, { position: 2, token: 3 }],
      [{ position: 1, token: SPACE }, { position: 2, token: 4 }],
    ]);
    expect(plan.options.map((option) => option.evaluateTokens)).toEqual([[], [3], []]);
    expect(plan.options[1]?.predict).toEqual([8]);
    expect(plan.tokensEvaluated).toBe(3 + 1);
  });

  it('scores from where an option’s tokens leave the prompt’s (a tokenizer that merges across the boundary)', () => {
    // Prompt [BOS, 1, 2]; option A is tokenized as [BOS, 1, 9, 5] (2 merged with the option's first byte).
    const plan = planOptionEvaluation([BOS, 1, 2], [[BOS, 1, 9, 5], [BOS, 1, 2, 7]]);
    expect(plan.sharedTokens).toEqual([BOS, 1]);
    expect(plan.sharedPredicts).toEqual([false, true]);
    expect(plan.options[0]).toEqual({ sharedScores: [{ position: 1, token: 9 }], evaluateTokens: [9], predict: [5], scoredTokenCount: 2, sequenceLength: 4 });
    expect(plan.options[1]).toEqual({ sharedScores: [], evaluateTokens: [2], predict: [7], scoredTokenCount: 1, sequenceLength: 4 });
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
        const shared = plan.sharedTokens.length;
        let total = shared;
        const used = new Set<number>();
        plan.options.forEach((option, index) => {
          const sequence = sequences[index] ?? [];
          // Shared then own tokens replay the sequence up to its last token (a short sequence may end inside the shared part).
          expect([...plan.sharedTokens, ...option.evaluateTokens]).toEqual(sequence.slice(0, Math.max(shared, sequence.length - 1)));
          let start = 0;
          while (start < sequence.length && sequence[start] === promptTokens[start]) start += 1;
          for (const { position, token } of option.sharedScores) {
            expect(token).toBe(sequence[position + 1]);
            used.add(position);
          }
          const predicted = [...option.sharedScores.map(({ token }) => token), ...option.predict.filter((token) => token !== undefined)];
          expect(predicted).toEqual(sequence.slice(start));
          expect(option.scoredTokenCount).toBe(predicted.length);
          // Scored positions are the last ones: once scoring starts, every later position is scored.
          const firstScored = option.predict.findIndex((token) => token !== undefined);
          if (firstScored >= 0) expect(option.predict.slice(firstScored).every((token) => token !== undefined)).toBe(true);
          if (option.sharedScores.length > 0 && option.predict.length > 0) expect(option.predict.every((token) => token !== undefined)).toBe(true);
          total += option.evaluateTokens.length;
        });
        // Distributions are asked for exactly where some option reads one.
        expect(plan.sharedPredicts.flatMap((wanted, position) => (wanted ? [position] : []))).toEqual([...used].sort((a, b) => a - b));
        expect(plan.tokensEvaluated).toBe(total);
        expect(plan.naiveTokens).toBe(sequences.reduce((sum, sequence) => sum + sequence.length, 0));
      }),
    );
  });
});
