import { describe, expect, it } from 'vitest';
import type { ChoiceItem, FreeItem } from '../core/task.js';
import { buildRequest } from './build-request.js';
import { BadResponseError, interpretResponse } from './interpret-response.js';

const item: ChoiceItem = { kind: 'choice', id: 'q', question: 'Which?', choices: ['red', 'green', 'blue'], answer: 1 };
const free: FreeItem = { kind: 'free', id: 'f', prompt: 'How many?', answer: '12', match: 'numeric' };
const usage = { inputTokens: 1, outputTokens: 1 };

describe('interpretResponse', () => {
  it('option-logprobs: renormalised confidence and loss, acc_norm by UTF-8 bytes of " red", " green", " blue"', () => {
    const request = buildRequest('option-logprobs', item, 0);
    expect(request).toEqual({ kind: 'score', prompt: 'Question: Which?\nAnswer:', options: [' red', ' green', ' blue'] });
    // probabilities 0.2, 0.1, 0.3 (mass 0.6): chosen blue with 0.3/0.6; loss −log(0.1/0.6)
    const got = interpretResponse('option-logprobs', item, request, { optionLogprobs: [Math.log(0.2), Math.log(0.1), Math.log(0.3)], usage });
    expect(got.chosen).toBe(2);
    expect(got.correct).toBe(false);
    expect(got.confidence).toBeCloseTo(0.5, 12);
    expect(got.loss).toBeCloseTo(Math.log(6), 12);
    expect(got.optionMass).toBeCloseTo(0.6, 12);
    expect(got.goldLogprob).toBeCloseTo(Math.log(0.1), 12);
    // per byte: log(0.2)/4 = −0.402, log(0.1)/6 = −0.384, log(0.3)/5 = −0.241 → blue
    expect(got.correctNorm).toBe(false);
  });

  it('letter-logprobs: reads the letter distribution of the first token; the gold letter outside the top-k leaves loss empty', () => {
    const request = buildRequest('letter-logprobs', item, 0);
    const response = (top: Array<[string, number]>) =>
      ({ text: top[0]![0], usage, tokenLogprobs: [{ token: top[0]![0], logprob: Math.log(top[0]![1]), top: top.map(([token, p]) => ({ token, logprob: Math.log(p) })) }] });
    const got = interpretResponse('letter-logprobs', item, request, response([['B', 0.5], [' B', 0.1], ['A', 0.2], ['Hello', 0.1]]));
    expect([got.chosen, got.correct]).toEqual([1, true]);
    expect(got.confidence).toBeCloseTo(0.6 / 0.8, 12);
    expect(got.loss).toBeCloseTo(-Math.log(0.6 / 0.8), 12);
    expect(got.optionMass).toBeCloseTo(0.8, 12);
    const missingGold = interpretResponse('letter-logprobs', item, request, response([['A', 0.7], ['C', 0.2]]));
    expect([missingGold.chosen, missingGold.correct, missingGold.loss, missingGold.goldLogprob]).toEqual([0, false, null, null]);
    const noLetter = interpretResponse('letter-logprobs', item, request, response([['Hi', 0.7]]));
    expect([noLetter.parseStatus, noLetter.correct, noLetter.confidence]).toEqual(['answer-unparseable', false, null]);
    expect(() => interpretResponse('letter-logprobs', item, request, { text: 'B', usage })).toThrow(BadResponseError);
  });

  it('verbalized: strict parse, unparseable parts recorded, never guessed', () => {
    const request = buildRequest('verbalized', item, 0);
    expect(interpretResponse('verbalized', item, request, { text: 'Answer: B\nConfidence: 70', usage })).toMatchObject({ chosen: 1, correct: true, confidence: 0.7, parseStatus: 'ok' });
    expect(interpretResponse('verbalized', item, request, { text: 'Answer: B\nConfidence: very', usage })).toMatchObject({ chosen: 1, correct: true, confidence: null, parseStatus: 'confidence-unparseable' });
    expect(interpretResponse('verbalized', item, request, { text: 'I think green, 90%', usage })).toMatchObject({ chosen: null, correct: false, confidence: null, parseStatus: 'answer-unparseable' });
    const freeRequest = buildRequest('option-logprobs', free, 0);
    expect(freeRequest.kind).toBe('generate');
    expect(interpretResponse('option-logprobs', free, freeRequest, { text: 'Answer: 12 eggs\nConfidence: 55', usage })).toMatchObject({ method: 'verbalized', chosen: '12 eggs', correct: true, confidence: 0.55 });
  });

  it('consistency: a sample carries its answer only', () => {
    const request = buildRequest('consistency', item, 3);
    expect(request).toMatchObject({ kind: 'generate', temperature: 1, seed: 3 });
    expect(interpretResponse('consistency', item, request, { text: 'Answer: C\nConfidence: 99', usage })).toMatchObject({ chosen: 2, correct: false, confidence: null, parseStatus: 'ok' });
  });

  it('rejects malformed responses as BadResponseError', () => {
    const request = buildRequest('option-logprobs', item, 0);
    for (const response of [{ optionLogprobs: [-1, -2], usage }, { optionLogprobs: [-1, Number.NaN, -2], usage }, { optionLogprobs: [-1, 0.5, -2], usage }, null, { usage }]) {
      expect(() => interpretResponse('option-logprobs', item, request, response)).toThrow(BadResponseError);
    }
    expect(() => interpretResponse('verbalized', item, buildRequest('verbalized', item, 0), { usage })).toThrow(BadResponseError);
  });
});
