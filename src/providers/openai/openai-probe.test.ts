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
    expect(provider.requestSettings()).toEqual({ maxTokensField: 'max_completion_tokens' });
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

  it('one answer without logprobs during the probe does not flip a capability (issue 11, part 2)', async () => {
    server = await startTestServer({ faults: { next: ['missing-logprobs', 'missing-logprobs'] } });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    const scoring = await provider.probeCapability('optionScoring');
    expect(scoring.supported).toBe(true);
    // two faulty answers in a row, then a good one: still supported
    expect(scoring.evidence).toEqual([
      expect.stringMatching(/^answer without it: .*no `logprobs`/), expect.stringMatching(/^answer without it: .*no `logprobs`/), expect.stringMatching(/scored both options/),
    ]);
    server.setFaults({ next: ['missing-logprobs'] });
    const letters = await provider.probeCapability('tokenLogprobs');
    expect(letters).toEqual({ supported: true, evidence: [expect.stringMatching(/^answer without it: .*no `logprobs.content`/), expect.stringMatching(/alternatives/)] });
  });

  it('a capability left out of every repeated answer is absent, with the evidence of each answer', async () => {
    server = await startTestServer({ support: { logprobs: 'ignored' } });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    const letters = await provider.probeCapability('tokenLogprobs');
    expect(letters.supported).toBe(false);
    expect(letters.evidence).toHaveLength(3);
    expect(letters.reason).toMatch(/ignored `logprobs`.*\(in all 3 answers\)/);
    expect(server.stats.byPath['/v1/chat/completions']).toBe(3);
  });

  it('an explicit refusal is a "no" at once: no repetition', async () => {
    server = await startTestServer({ support: { logprobs: 'refused' } });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    const letters = await provider.probeCapability('tokenLogprobs');
    expect(letters).toMatchObject({ supported: false, reason: expect.stringMatching(/HTTP 400/) });
    expect(server.stats.byPath['/v1/chat/completions']).toBe(1);
  });

  it('after adoptCapabilities (a resumed run) an answer without logprobs is retryable, as after a fresh probe', async () => {
    server = await startTestServer({ faults: { next: ['missing-logprobs', 'missing-logprobs'] } });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    provider.adoptCapabilities({ optionScoring: true, tokenLogprobs: true, generation: true });
    await expect(provider.scoreOptions!({ prompt: 'Q:', options: [' a', ' b'] })).rejects.toMatchObject({ isRetryable: true, message: expect.stringMatching(/sent them before/) });
    await expect(provider.generate({ prompt: 'Answer:', maxTokens: 1, temperature: 0, topLogprobs: 3 })).rejects.toMatchObject({ isRetryable: true });
  });

  it('restores learned request settings: the first request already has the accepted shape', async () => {
    server = await startTestServer({ support: { chatMaxTokens: false } });
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    provider.restoreRequestSettings({ maxTokensField: 'max_completion_tokens' });
    await provider.generate({ prompt: 'Say OK.', maxTokens: 3, temperature: 0 });
    expect(server.stats.rejected).toBe(0);
    expect(provider.requestSettings()).toEqual({ maxTokensField: 'max_completion_tokens' });
  });
});

