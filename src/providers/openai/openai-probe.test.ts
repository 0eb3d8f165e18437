import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestServerOptions } from '../test-server/start-test-server.js';
import { createOpenAiProvider } from './openai-provider.js';

describe('OpenAI provider probe: chooses what the endpoint supports', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const probeWith = async (options: TestServerOptions): Promise<unknown> => {
    server = await startTestServer(options);
    return createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny', apiKey: options.apiKey ?? 'sk-any' }).probe();
  };

  it.each<[string, TestServerOptions, object]>([
    ['a full server', {}, { optionScoring: true, tokenLogprobs: true, generation: true }],
    ['echo refused with 400', { support: { echo: 'refused' } }, { optionScoring: false, tokenLogprobs: true, generation: true }],
    ['echo silently ignored', { support: { echo: 'ignored' } }, { optionScoring: false, tokenLogprobs: true, generation: true }],
    ['no completions endpoint', { support: { completions: false } }, { optionScoring: false, tokenLogprobs: true, generation: true }],
    ['logprobs refused with 400', { support: { logprobs: 'refused' } }, { optionScoring: false, tokenLogprobs: false, generation: true }],
    ['logprobs silently ignored', { support: { logprobs: 'ignored' } }, { optionScoring: false, tokenLogprobs: false, generation: true }],
  ])('%s', async (_name, options, expected) => {
    expect(await probeWith(options)).toEqual(expected);
  });

  it('adapts echo scoring to a server that refuses prompt arrays and max_tokens 0, then keeps that shape', async () => {
    server = await startTestServer({ support: { promptArrays: false, zeroMaxTokens: false } });
    const reference = await startTestServer();
    try {
      const strict = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
      expect(await strict.probe()).toEqual({ optionScoring: true, tokenLogprobs: true, generation: true });
      const before = server.stats.byPath['/v1/completions'] ?? 0;
      const item = { prompt: 'Q: 2+2=\nA:', options: [' 4', ' 5', ' 22', ' four'] };
      const scored = await strict.scoreOptions!(item);
      expect((server.stats.byPath['/v1/completions'] ?? 0) - before).toBe(4);
      const expected = await createOpenAiProvider({ baseURL: reference.baseURL, model: 'tiny' }).scoreOptions!(item);
      scored.optionLogprobs.forEach((value, index) => expect(Math.abs(value - (expected.optionLogprobs[index] as number))).toBeLessThanOrEqual(1e-9));
    } finally {
      await reference.close();
    }
  });

  it('switches to max_completion_tokens when a model refuses max_tokens, once', async () => {
    server = await startTestServer({ support: { chatMaxTokens: false } });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    const first = await provider.generate({ prompt: 'Say OK.', maxTokens: 3, temperature: 0 });
    expect(first.usage.outputTokens).toBeLessThanOrEqual(3);
    await provider.generate({ prompt: 'Say OK.', maxTokens: 3, temperature: 0 });
    expect(server.stats.rejected).toBe(1);
    expect(server.stats.answered).toBe(2);
  });

  it('tries each method once and remembers the answer', async () => {
    server = await startTestServer({ support: { logprobs: 'refused' } });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    await provider.probe();
    await provider.probe();
    // Echo: the batched request, then the fallback shape (one request per option, 2 options); chat: with logprobs, then plain.
    expect(server.stats.byPath).toEqual({ '/v1/completions': 3, '/v1/chat/completions': 2 });
  });

  it('throws on a wrong key instead of reporting "no capabilities"', async () => {
    server = await startTestServer({ apiKey: 'sk-right' });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny', apiKey: 'sk-wrong' });
    await expect(provider.probe()).rejects.toMatchObject({ status: 401, isRetryable: false });
  });

  it('throws a retryable failure, and probes again on the next call', async () => {
    server = await startTestServer({ faults: { next: ['server-error'] } });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    await expect(provider.probe()).rejects.toMatchObject({ status: 500, isRetryable: true });
    await expect(provider.probe()).resolves.toEqual({ optionScoring: true, tokenLogprobs: true, generation: true });
  });

  it('throws when even plain generation fails (an unusable endpoint)', async () => {
    server = await startTestServer();
    const provider = createOpenAiProvider({ baseURL: `${server.url}/v2`, model: 'tiny' });
    await expect(provider.probe()).rejects.toMatchObject({ status: 404, isRetryable: false });
  });
});
