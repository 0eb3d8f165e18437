import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeterministicBackend } from '../test-server/deterministic-backend.js';
import { startTestServer, type TestServer } from '../test-server/start-test-server.js';
import { createOpenAiProvider } from './openai-provider.js';

const API_KEY = 'fake-test-openai-provider-0123456789';

/** The backend's own summed log-probability of each character of `option` after `prompt` (char tokenizer). */
async function backendOptionLogprob(backend: ReturnType<typeof createDeterministicBackend>, prompt: string, option: string): Promise<number> {
  const tokens = await backend.scoreText(prompt + option);
  return tokens.slice(Array.from(prompt).length).reduce((sum, token) => sum + (token.logprob as number), 0);
}

describe('createOpenAiProvider against the test server', () => {
  const backend = createDeterministicBackend({ seed: 7 });
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, apiKey: API_KEY });
  });
  afterAll(async () => server.close());

  const items = [
    { prompt: 'Q: What is the capital of France?\nA:', options: [' Paris', ' Rome', ' Berlin', ' Madrid'] },
    { prompt: 'seq 3 6 9 12 ->', options: [' 15', ' 14', ' 18'] },
    { prompt: 'Emoji 🙂 then: ', options: ['ok', 'é', '🙂🙂'] },
  ];

  it.each([true, false])('returns the backend option log-probabilities to 1e-9 (batchOptions %s)', async (batchOptions) => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, apiKey: API_KEY, model: 'tiny', batchOptions });
    for (const item of items) {
      const result = await provider.scoreOptions!(item);
      const expected = await Promise.all(item.options.map((option) => backendOptionLogprob(backend, item.prompt, option)));
      expect(result.optionLogprobs).toHaveLength(expected.length);
      result.optionLogprobs.forEach((value, index) => expect(Math.abs(value - (expected[index] as number))).toBeLessThan(1e-9));
      expect(result.optionTokenCounts).toEqual(item.options.map((option) => Array.from(option).length));
      const promptTokens = item.options.reduce((sum, option) => sum + Array.from(item.prompt + option).length, 0);
      expect(result.usage).toEqual({ inputTokens: promptTokens, outputTokens: 0 });
    }
  });

  it('sends one completions request per item when batching, one per option otherwise', async () => {
    const before = server.stats.byPath['/v1/completions'] ?? 0;
    await createOpenAiProvider({ baseURL: server.baseURL, apiKey: API_KEY, model: 'tiny' }).scoreOptions!(items[0] as (typeof items)[0]);
    expect((server.stats.byPath['/v1/completions'] ?? 0) - before).toBe(1);
    await createOpenAiProvider({ baseURL: server.baseURL, apiKey: API_KEY, model: 'tiny', batchOptions: false }).scoreOptions!(items[0] as (typeof items)[0]);
    expect((server.stats.byPath['/v1/completions'] ?? 0) - before).toBe(5);
  });

  it('scores a word token that straddles the prompt boundary together with the option', async () => {
    const wordServer = await startTestServer({ backend: createDeterministicBackend({ seed: 7, tokenizer: 'word' }) });
    try {
      const provider = createOpenAiProvider({ baseURL: wordServer.baseURL, model: 'tiny' });
      const result = await provider.scoreOptions!({ prompt: 'Answer: ', options: ['Paris', 'Rome'] });
      // " Paris" is one token: the prompt's trailing space is scored with the option (the char backend gives the same chain-rule sum).
      const expected = await Promise.all(['Paris', 'Rome'].map((option) => backendOptionLogprob(backend, 'Answer:', ` ${option}`)));
      expect(result.optionTokenCounts).toEqual([1, 1]);
      result.optionLogprobs.forEach((value, index) => expect(Math.abs(value - (expected[index] as number))).toBeLessThan(1e-9));
    } finally {
      await wordServer.close();
    }
  });

  it('generates with the letter distribution: top log-probs equal the backend next-token distribution', async () => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, apiKey: API_KEY, model: 'tiny' });
    const prompt = 'Which is right? A, B, C or D. Answer:';
    const result = await provider.generate({ prompt, maxTokens: 1, temperature: 0, topLogprobs: 5 });
    const expected = await backend.nextTokens(prompt, 5);
    expect(result.text).toBe(expected[0]?.token);
    expect(result.tokenLogprobs).toHaveLength(1);
    const first = result.tokenLogprobs?.[0];
    expect(first?.top.map((entry) => entry.token)).toEqual(expected.map((entry) => entry.token));
    first?.top.forEach((entry, index) => expect(Math.abs(entry.logprob - (expected[index]?.logprob as number))).toBeLessThan(1e-9));
    expect(result.usage).toEqual({ inputTokens: Array.from(prompt).length, outputTokens: 1 });
  });

  it('generates plain text with a system message, and the same seed gives the same sample', async () => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, apiKey: API_KEY, model: 'tiny' });
    const request = { prompt: 'Say something', system: 'Be brief', maxTokens: 8, temperature: 1, seed: 42 };
    const first = await provider.generate(request);
    const second = await provider.generate(request);
    expect(first.tokenLogprobs).toBeUndefined();
    expect(second.text).toBe(first.text);
    expect(first.usage.inputTokens).toBe(Array.from('Be brief\n\nSay something').length);
  });

  it('reads OPENAI_API_KEY per request for an endpoint named by OPENAI_BASE_URL, and sends it to no other host', async () => {
    const saved = { key: process.env.OPENAI_API_KEY, base: process.env.OPENAI_BASE_URL };
    try {
      process.env.OPENAI_BASE_URL = server.baseURL;
      const fromEnvironment = createOpenAiProvider({ model: 'tiny' });
      delete process.env.OPENAI_API_KEY;
      await expect(fromEnvironment.generate({ prompt: 'x', maxTokens: 1, temperature: 0 })).rejects.toMatchObject({ status: 401, isRetryable: false });
      process.env.OPENAI_API_KEY = API_KEY;
      await expect(fromEnvironment.generate({ prompt: 'x', maxTokens: 1, temperature: 0 })).resolves.toMatchObject({ usage: { outputTokens: 1 } });
      // a base URL given in code is not OpenAI's host: the key in the environment is not sent there
      const elsewhere = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
      await expect(elsewhere.generate({ prompt: 'x', maxTokens: 1, temperature: 0 })).rejects.toMatchObject({ status: 401 });
    } finally {
      for (const [name, value] of [['OPENAI_API_KEY', saved.key], ['OPENAI_BASE_URL', saved.base]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('rejects an empty option list or an empty option before sending anything', async () => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, apiKey: API_KEY, model: 'tiny' });
    const before = server.stats.requests;
    await expect(provider.scoreOptions!({ prompt: 'x', options: [] })).rejects.toMatchObject({ isRetryable: false });
    await expect(provider.scoreOptions!({ prompt: 'x', options: ['a', ''] })).rejects.toMatchObject({ isRetryable: false });
    expect(server.stats.requests).toBe(before);
  });
});
