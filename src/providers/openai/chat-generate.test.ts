import { describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import { adaptToRefusal, chatRequestBody, LengthCutError, readChatResult } from './chat-generate.js';

const request = { prompt: 'Q?', maxTokens: 24, temperature: 0 };
const refusal = (message: string, param?: string): ProviderCallError => new ProviderCallError(message, { status: 400, isRetryable: false, ...(param ? { param } : {}) });

describe('chat request settings', () => {
  it('adapts to the refusals of a reasoning model, one parameter at a time, and to nothing else', () => {
    const maxTokens = refusal("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens');
    const temperature = refusal("Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", 'temperature');
    expect(adaptToRefusal(maxTokens, {})).toEqual({ maxTokensField: 'max_completion_tokens' });
    expect(adaptToRefusal(temperature, { maxTokensField: 'max_completion_tokens' })).toEqual({ maxTokensField: 'max_completion_tokens', omitTemperature: true });
    // already adapted, another parameter, or not a 400: no change (the error stands)
    expect(adaptToRefusal(temperature, { omitTemperature: true })).toBeUndefined();
    expect(adaptToRefusal(refusal("Unsupported parameter: 'logprobs' is not supported with this model.", 'logprobs'), {})).toBeUndefined();
    expect(adaptToRefusal(new ProviderCallError("'temperature'", { status: 500, isRetryable: true }), {})).toBeUndefined();
  });

  it('builds the body the settings describe', () => {
    expect(chatRequestBody('m', request, { maxTokensField: 'max_completion_tokens', omitTemperature: true, minOutputTokens: 4096 })).toEqual({
      model: 'm', messages: [{ role: 'user', content: 'Q?' }], max_completion_tokens: 4096,
    });
    expect(chatRequestBody('m', request)).toMatchObject({ max_tokens: 24, temperature: 0 });
  });

  it('reads an empty answer cut at the budget as a LengthCutError naming the budget and the reasoning tokens', () => {
    const cut = {
      choices: [{ message: { content: '' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 9, completion_tokens: 24, completion_tokens_details: { reasoning_tokens: 24 } },
    };
    expect(() => readChatResult(cut, request)).toThrow(LengthCutError);
    expect(() => readChatResult(cut, request)).toThrow('the answer was cut off at the output budget of 24 tokens before any text (finish_reason: length, 24 reasoning tokens): no answer to score');
    // text cut at the budget is an answer (the parser decides whether it is readable)
    expect(readChatResult({ ...cut, choices: [{ message: { content: 'Answer: B' }, finish_reason: 'length' }] }, request).text).toBe('Answer: B');
  });
});
