import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import { createDeterministicBackend } from '../test-server/deterministic-backend.js';
import { startTestServer, type TestServer } from '../test-server/start-test-server.js';
import { createAnthropicProvider } from './anthropic-provider.js';

const API_KEY = 'sk-ant-test-5555';

describe('createAnthropicProvider against the test server', () => {
  let server: TestServer;
  beforeAll(async () => {
    const backend = createDeterministicBackend({ reply: (prompt) => (prompt.includes('confidence') ? 'B\nConfidence: 85' : 'OK') });
    server = await startTestServer({ backend, apiKey: API_KEY, retryAfterSeconds: 3 });
  });
  afterAll(async () => server.close());
  const provider = (options: { apiKey?: string; timeoutMs?: number } = { apiKey: API_KEY }): ReturnType<typeof createAnthropicProvider> =>
    createAnthropicProvider({ baseURL: server.baseURL, model: 'claude-test', ...options });

  it('generates through the Messages API with x-api-key and anthropic-version', async () => {
    const result = await provider().generate({ prompt: 'Pick A-D and give your confidence 0-100.', system: 'Be exact.', maxTokens: 50, temperature: 0 });
    expect(result.text).toBe('B\nConfidence: 85');
    expect(result.tokenLogprobs).toBeUndefined();
    expect(result.usage).toEqual({ inputTokens: Array.from('Be exact.\n\nPick A-D and give your confidence 0-100.').length, outputTokens: 16 });
  });

  it('cuts a reply at maxTokens', async () => {
    const result = await provider().generate({ prompt: 'your confidence?', maxTokens: 3, temperature: 0 });
    expect(result).toMatchObject({ text: 'B\nC', usage: { outputTokens: 3 } });
  });

  it('declares generation only, after one probe request', async () => {
    const before = server.stats.byPath['/v1/messages'] ?? 0;
    const subject = provider();
    expect(await subject.probe()).toEqual({ optionScoring: false, tokenLogprobs: false, generation: true });
    await subject.probe();
    expect((server.stats.byPath['/v1/messages'] ?? 0) - before).toBe(1);
    expect('scoreOptions' in subject).toBe(false);
  });

  it('refuses topLogprobs, and a missing key for api.anthropic.com, without sending a request', async () => {
    const before = server.stats.requests;
    await expect(provider().generate({ prompt: 'x', maxTokens: 1, temperature: 0, topLogprobs: 5 })).rejects.toMatchObject({ isRetryable: false });
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const own = createAnthropicProvider({ model: 'claude-test', fetch: () => Promise.reject(new Error('nothing may be sent')) });
      await expect(own.generate({ prompt: 'x', maxTokens: 1, temperature: 0 })).rejects.toThrow(/ANTHROPIC_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
    expect(server.stats.requests).toBe(before);
  });

  it('sends ANTHROPIC_API_KEY to no other host than api.anthropic.com', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = 'fake-anthropic-env-key-0000';
    try {
      // the test server wants a key: without one it answers 401, so the key from the environment was not sent
      await expect(provider({}).generate({ prompt: 'x', maxTokens: 1, temperature: 0 })).rejects.toMatchObject({ status: 401 });
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('maps a wrong key to 401 and each fault to the right error', async () => {
    await expect(provider({ apiKey: 'sk-ant-wrong' }).generate({ prompt: 'x', maxTokens: 1, temperature: 0 })).rejects.toMatchObject({ status: 401, isRetryable: false });
    const cases = [
      ['rate-limit', { status: 429, isRetryable: true, retryAfterMs: 3000 }],
      ['server-error', { status: 500, isRetryable: true }],
      ['hang', { isRetryable: true }],
      ['malformed-json', { status: 200, isRetryable: true }],
      ['truncated-body', { status: 200, isRetryable: true }],
    ] as const;
    for (const [fault, fields] of cases) {
      server.setFaults({ next: [fault] });
      const error = await provider({ apiKey: API_KEY, timeoutMs: fault === 'hang' ? 300 : 10_000 }).generate({ prompt: 'x', maxTokens: 2, temperature: 0 }).catch((thrown: unknown) => thrown);
      expect(error, fault).toBeInstanceOf(ProviderCallError);
      expect(error, fault).toMatchObject(fields);
    }
  });

  it('reports a 200 answer without content as a non-retryable shape error, not a crash', async () => {
    const odd = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'msg_1', type: 'message' }));
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(odd.address() as AddressInfo).port}/v1`;
      const error = await createAnthropicProvider({ baseURL, model: 'x', apiKey: 'k' })
        .generate({ prompt: 'x', maxTokens: 1, temperature: 0 })
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ProviderCallError);
      expect(error).toMatchObject({ isRetryable: false });
      expect((error as Error).message).toMatch(/unexpected response shape \(content: /);
    } finally {
      await new Promise<void>((resolve) => odd.close(() => resolve()));
    }
  });
});
