import { describe, expect, it } from 'vitest';
import type { ChoiceItem } from '../core/task.js';
import { buildRequest } from './build-request.js';
import { interpretResponse } from './interpret-response.js';

const numbered: ChoiceItem = { kind: 'choice', id: 'q~l:numbers', question: 'Which?', choices: ['red', 'green', 'blue'], answer: 1, format: { labels: 'numbers', template: 'qa' } };
const paren: ChoiceItem = { ...numbered, id: 'q~l:lower-paren', format: { labels: 'lower-paren', template: 'qa' } };
const usage = { inputTokens: 1, outputTokens: 1 };

describe('interpretResponse on items with another label style', () => {
  it('letter-logprobs reads number tokens (and ignores letters) under the numbers style', () => {
    const request = buildRequest('letter-logprobs', numbered, 0);
    const top = [['2', 0.5], [' 2', 0.1], ['A', 0.2], ['3', 0.1]] as const;
    const got = interpretResponse('letter-logprobs', numbered, request, {
      text: '2', usage, tokenLogprobs: [{ token: '2', logprob: Math.log(0.5), top: top.map(([token, p]) => ({ token, logprob: Math.log(p) })) }],
    });
    expect(got.chosen).toBe(1);
    expect(got.correct).toBe(true);
    expect(got.confidence).toBeCloseTo(0.6 / 0.7, 12);
  });

  it('verbalized and consistency replies are read in the item\'s own labels', () => {
    const verbalized = interpretResponse('verbalized', paren, buildRequest('verbalized', paren, 0), { text: 'Answer: (c)\nConfidence: 70', usage });
    expect([verbalized.chosen, verbalized.correct, verbalized.confidence]).toEqual([2, false, 0.7]);
    const sampled = interpretResponse('consistency', numbered, buildRequest('consistency', numbered, 1), { text: 'Answer: 2', usage });
    expect([sampled.chosen, sampled.correct]).toEqual([1, true]);
    const letter = interpretResponse('consistency', numbered, buildRequest('consistency', numbered, 1), { text: 'Answer: B', usage });
    expect(letter.chosen).toBeNull();
  });
});
