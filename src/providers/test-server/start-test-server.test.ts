import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeterministicBackend } from './deterministic-backend.js';
import { startTestServer, type TestServer } from './start-test-server.js';

const post = async (url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; headers: Headers }> => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json(), headers: response.headers };
};

describe('startTestServer', () => {
  const backend = createDeterministicBackend({ seed: 3 });
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, apiKey: 'k1' });
  });
  afterAll(async () => server.close());
  const auth = { authorization: 'Bearer k1' };

  it('listens on 127.0.0.1 on a random port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseURL).toBe(`${server.url}/v1`);
  });

  it('echoes the prompt in the OpenAI format: first log-prob null, offsets in code points, top_logprobs', async () => {
    const text = 'a🙂b';
    const { status, json } = await post(`${server.baseURL}/completions`, { model: 'm', prompt: text, echo: true, logprobs: 1, max_tokens: 0 }, auth);
    expect(status).toBe(200);
    const choice = (json as { choices: Array<{ text: string; logprobs: Record<string, unknown[]> }> }).choices[0];
    const scored = await backend.scoreText(text);
    expect(choice?.text).toBe(text);
    expect(choice?.logprobs.tokens).toEqual(['a', '🙂', 'b']);
    expect(choice?.logprobs.text_offset).toEqual([0, 1, 2]);
    expect(choice?.logprobs.token_logprobs).toEqual([null, scored[1]?.logprob, scored[2]?.logprob]);
    expect(choice?.logprobs.top_logprobs?.[0]).toBeNull();
    expect(Object.keys(choice?.logprobs.top_logprobs?.[1] as object)).toHaveLength(1);
  });

  it('demands the key on every route and counts refusals', async () => {
    const before = server.stats.unauthorized;
    expect((await post(`${server.baseURL}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] })).status).toBe(401);
    expect((await post(`${server.baseURL}/messages`, { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }, auth)).status).toBe(401);
    const anthropic = await post(`${server.baseURL}/messages`, { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }, { 'x-api-key': 'k1' });
    expect(anthropic).toMatchObject({ status: 400, json: { type: 'error', error: { message: 'missing anthropic-version header' } } });
    expect(server.stats.unauthorized - before).toBe(2);
  });

  it('rejects malformed requests with 400 naming the field, and unknown routes with 404', async () => {
    const bad = await post(`${server.baseURL}/chat/completions`, { model: 'm', messages: [] }, auth);
    expect(bad).toMatchObject({ status: 400, json: { error: { message: expect.stringMatching(/^invalid request: messages:/) } } });
    expect((await post(`${server.url}/v1/embeddings`, {}, auth)).status).toBe(404);
  });

  it('the deterministic backend is a normalized distribution, consistent between scoreText and nextTokens', async () => {
    const distribution = await backend.nextTokens('Hello, wor', 1000);
    expect(distribution).toHaveLength(96);
    const mass = distribution.reduce((sum, entry) => sum + Math.exp(entry.logprob), 0);
    expect(mass).toBeLessThan(1);
    expect(mass).toBeGreaterThan(0.9);
    const scored = await backend.scoreText('Hello, world');
    expect(scored[10]?.logprob).toBe(distribution.find((entry) => entry.token === 'l')?.logprob);
  });

  it('records each request with a body hash, and resets', async () => {
    server.resetStats();
    const body = { model: 'm', messages: [{ role: 'user', content: 'same' }], max_tokens: 1 };
    await post(`${server.baseURL}/chat/completions`, body, auth);
    await post(`${server.baseURL}/chat/completions`, body, auth);
    expect(server.stats).toMatchObject({ requests: 2, answered: 2, byPath: { '/v1/chat/completions': 2 } });
    expect(server.stats.log[0]?.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(server.stats.log[1]?.bodySha256).toBe(server.stats.log[0]?.bodySha256);
    expect(server.stats.log.map((record) => [record.status, record.model])).toEqual([[200, 'm'], [200, 'm']]);
  });
});

describe('startTestServer fault injection', () => {
  it('applies the next N faults in order, then answers normally', async () => {
    const server = await startTestServer({ faults: { next: ['server-error', 'rate-limit', 'missing-logprobs'] }, retryAfterSeconds: 0.5 });
    try {
      const body = { model: 'm', prompt: 'ab', echo: true, logprobs: 1, max_tokens: 0 };
      const first = await post(`${server.baseURL}/completions`, body);
      const second = await post(`${server.baseURL}/completions`, body);
      const third = await post(`${server.baseURL}/completions`, body);
      const fourth = await post(`${server.baseURL}/completions`, body);
      expect([first.status, second.status, third.status, fourth.status]).toEqual([500, 429, 200, 200]);
      expect([second.headers.get('retry-after'), second.headers.get('retry-after-ms')]).toEqual(['0.5', '500']);
      expect((third.json as { choices: object[] }).choices[0]).not.toHaveProperty('logprobs');
      expect((fourth.json as { choices: object[] }).choices[0]).toHaveProperty('logprobs');
      expect(server.stats.faults).toMatchObject({ 'server-error': 1, 'rate-limit': 1, 'missing-logprobs': 1 });
      expect(server.stats.answered).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('draws faults by rate from a seed: the same seed gives the same sequence, near the asked rate', async () => {
    const server = await startTestServer();
    try {
      const kindsFor = async (seed: number): Promise<Array<string | undefined>> => {
        server.resetStats();
        server.setFaults({ rate: 0.3, seed, kinds: ['server-error', 'rate-limit'] });
        for (let index = 0; index < 120; index++) await post(`${server.baseURL}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 1 });
        return server.stats.log.map((record) => record.fault);
      };
      const first = await kindsFor(5);
      expect(await kindsFor(5)).toEqual(first);
      expect(await kindsFor(6)).not.toEqual(first);
      const faulted = first.filter((kind) => kind !== undefined).length;
      // 120 draws at 0.3: mean 36, standard deviation 5.
      expect(faulted).toBeGreaterThan(18);
      expect(faulted).toBeLessThan(54);
    } finally {
      await server.close();
    }
  });

  it('holds a hung request open until the client gives up, and close() ends it', async () => {
    const server = await startTestServer({ faults: { next: ['hang', 'hang'] } });
    const aborted = fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(200) });
    await expect(aborted).rejects.toThrow();
    const pending = fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.stats.inFlight).toBe(1);
    await server.close();
    await expect(pending).rejects.toThrow();
    expect(server.stats.faults.hang).toBe(2);
  });

  it('waits the fixed latency before answering', async () => {
    const server = await startTestServer({ latencyMs: 120 });
    try {
      const started = performance.now();
      await post(`${server.baseURL}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 1 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    } finally {
      await server.close();
    }
  });
});
