import { describe, expect, it } from 'vitest';
import { classifyHttpError } from './classify-http-error.js';

const headers = (values: Record<string, string> = {}): { get(name: string): string | null } => ({ get: (name) => values[name] ?? null });
const classify = (status: number, body: unknown, extra?: Record<string, string>) =>
  classifyHttpError(status, typeof body === 'string' ? body : JSON.stringify(body), headers(extra));

describe('classifyHttpError on the bodies real servers send', () => {
  it('reads a refusal of a feature as "unsupported", never retryable, whatever the status', () => {
    const refusals: Array<[number, unknown, string]> = [
      // ggml-org/llama.cpp tools/server/utils.hpp: the echo refusal thrown in the parser, answered as a 500 server_error
      [500, { error: { code: 500, message: 'Only no echo is supported', type: 'server_error' } }, 'Only no echo is supported'],
      // vllm-project/vllm: a base model without a chat template
      [400, { object: 'error', message: 'As of transformers v4.44, default chat template is no longer allowed, so you must provide a chat template if the tokenizer does not define one.', type: 'BadRequestError', param: null, code: 400 }, 'default chat template'],
      // OpenAI davinci-002 on chat completions
      [404, { error: { message: 'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?', type: 'invalid_request_error', param: 'model', code: null } }, 'not a chat model'],
      // OpenAI reasoning models
      [400, { error: { message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' } }, 'temperature'],
      [501, 'Not Implemented', 'Not Implemented'],
    ];
    for (const [status, body, text] of refusals) {
      const result = classify(status, body);
      expect(result, text).toMatchObject({ unsupported: true, isRetryable: false, stopsLane: false });
      expect(result.message).toContain(text);
    }
    expect(classify(400, { error: { message: "Unsupported value: 'temperature'", param: 'temperature', code: 'unsupported_value' } })).toMatchObject({ param: 'temperature', code: 'unsupported_value' });
  });

  it('keeps plain server errors, overloads and rate limits retryable', () => {
    expect(classify(500, { error: { code: 500, message: 'failed to decode the batch', type: 'server_error' } })).toMatchObject({ isRetryable: true, unsupported: false });
    expect(classify(503, { error: { message: 'Loading model', type: 'unavailable_error' } })).toMatchObject({ isRetryable: true });
    expect(classify(429, { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } })).toMatchObject({ isRetryable: true, stopsLane: false });
    expect(classify(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toMatchObject({ isRetryable: true });
  });

  it('stops the lane on quota and spend limits, and on x-should-retry: false with a 429', () => {
    const stops: Array<[number, unknown, Record<string, string>?]> = [
      [429, { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } }],
      [429, { error: { message: 'Organization spend limit exceeded', type: 'insufficient_quota', code: 'organization_spend_limit_exceeded' } }],
      [429, { type: 'error', error: { type: 'rate_limit_error', message: 'You have reached your API usage limits: your organization has crossed its monthly API usage threshold.', details: { error_code: 'enforced_spend_limit_reached' } }, request_id: 'req_1' }],
      [400, { type: 'error', error: { type: 'invalid_request_error', message: 'You have reached your specified API usage limits. You will regain access on 2027-01-01 at 00:00 UTC.' } }],
      [429, { error: { message: 'slow down' } }, { 'x-should-retry': 'false' }],
    ];
    for (const [status, body, extra] of stops) expect(classify(status, body, extra)).toMatchObject({ stopsLane: true, isRetryable: false, unsupported: false });
  });

  it('honours x-should-retry both ways', () => {
    expect(classify(400, { error: { message: 'try again' } }, { 'x-should-retry': 'true' })).toMatchObject({ isRetryable: true });
    expect(classify(500, { error: { message: 'boom' } }, { 'x-should-retry': 'false' })).toMatchObject({ isRetryable: false, stopsLane: false });
  });

  it('quotes a body that is not JSON, or says it was empty', () => {
    expect(classify(502, '<html>Bad gateway</html>').message).toBe('<html>Bad gateway</html>');
    expect(classify(502, '').message).toBe('(empty body)');
  });
});
