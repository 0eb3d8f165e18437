import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import type { FaultKind } from '../test-server/fault-plan.js';
import { startTestServer, type TestServer } from '../test-server/start-test-server.js';
import { createOpenAiProvider } from './openai-provider.js';

async function caught(promise: Promise<unknown>): Promise<ProviderCallError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderCallError);
    return error as ProviderCallError;
  }
  throw new Error('expected the call to fail');
}

describe.each([
  ['node:http (default)', undefined],
  ['fetch', globalThis.fetch],
])('OpenAI provider over %s: every injected fault becomes the right ProviderCallError', (_transport, fetchImpl) => {
  const transport = fetchImpl ? { fetch: fetchImpl } : {};
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ retryAfterSeconds: 2 });
  });
  afterAll(async () => server.close());
  // A short timeout only where a hang is injected, so that a loaded machine does not time out real answers.
  const provider = (timeoutMs = 10_000): ReturnType<typeof createOpenAiProvider> => createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny', timeoutMs, ...transport });
  const score = { prompt: 'Q: 2+2=', options: [' 4', ' 5'] };
  const letter = { prompt: 'Answer:', maxTokens: 1, temperature: 0, topLogprobs: 3 };

  const expectations: Array<[FaultKind, Partial<ProviderCallError>, RegExp]> = [
    ['rate-limit', { status: 429, isRetryable: true, retryAfterMs: 2000 }, /HTTP 429/],
    ['server-error', { status: 500, isRetryable: true, retryAfterMs: undefined }, /HTTP 500/],
    ['hang', { status: undefined, isRetryable: true }, /timed out after 400 ms/],
    ['malformed-json', { status: 200, isRetryable: true }, /not valid JSON/],
    ['truncated-body', { status: 200, isRetryable: true }, /cut off/],
    // Before any probe nothing shows that the endpoint can send log-probs: its answer is taken at its word.
    ['missing-logprobs', { isRetryable: false }, /no `logprobs`/],
  ];

  it.each(expectations)('%s on option scoring', async (fault, fields, message) => {
    server.setFaults({ next: [fault] });
    const error = await caught(provider(fault === 'hang' ? 400 : 10_000).scoreOptions!(score));
    expect(error).toMatchObject(fields);
    expect(error.message).toMatch(message);
    await expect(provider().scoreOptions!(score)).resolves.toMatchObject({ optionLogprobs: [expect.any(Number), expect.any(Number)] });
  });

  it.each(expectations)('%s on chat with logprobs', async (fault, fields, message) => {
    server.setFaults({ next: [fault] });
    const error = await caught(provider(fault === 'hang' ? 400 : 10_000).generate(letter));
    expect(error).toMatchObject(fields);
    expect(error.message).toMatch(fault === 'missing-logprobs' ? /no `logprobs.content`/ : message);
  });

  it('makes a missing logprobs retryable once the probe has seen the endpoint send them', async () => {
    const probed = provider();
    await probed.probe();
    server.setFaults({ next: ['missing-logprobs', 'missing-logprobs'] });
    await expect(probed.scoreOptions!(score)).rejects.toMatchObject({ isRetryable: true, message: expect.stringMatching(/sent them before/) });
    await expect(probed.generate(letter)).rejects.toMatchObject({ isRetryable: true, message: expect.stringMatching(/sent them before/) });
  });

  it('reads retry-after-ms alone, and retry-after alone', async () => {
    for (const [headers, expected] of [['milliseconds', 1500], ['seconds', 1500]] as const) {
      const limited = await startTestServer({ retryAfterSeconds: 1.5, retryAfterHeaders: headers, faults: { next: ['rate-limit'] } });
      try {
        const error = await caught(createOpenAiProvider({ baseURL: limited.baseURL, model: 'tiny', ...transport }).scoreOptions!(score));
        expect(error.retryAfterMs).toBe(expected);
      } finally {
        await limited.close();
      }
    }
  });

  it('maps a refused connection to a retryable error without a status', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await caught(createOpenAiProvider({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'tiny', ...transport }).scoreOptions!(score));
    expect(error).toMatchObject({ status: undefined, isRetryable: true });
    expect(error.message).toMatch(/request failed: .*ECONNREFUSED/);
  });

  it('passes a caller abort through as the abort reason, not as a provider failure', async () => {
    server.setFaults({ next: ['hang'] });
    const controller = new AbortController();
    const call = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny', timeoutMs: 10_000, ...transport }).scoreOptions!({ ...score, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by the runner')), 50);
    await expect(call).rejects.toThrow('stopped by the runner');
  });

  it('maps an unknown route (404) to a non-retryable error carrying the server message', async () => {
    const error = await caught(createOpenAiProvider({ baseURL: `${server.url}/nowhere`, model: 'tiny', ...transport }).scoreOptions!(score));
    expect(error).toMatchObject({ status: 404, isRetryable: false });
    expect(error.message).toMatch(/no route for POST/);
  });

  it('injects faults by rate reproducibly from a seed, and every faulted call still ends as a ProviderCallError', async () => {
    const outcomes = async (): Promise<string[]> => {
      server.setFaults({ rate: 0.5, seed: 11, kinds: ['rate-limit', 'server-error', 'malformed-json', 'truncated-body', 'missing-logprobs'] });
      const results: string[] = [];
      for (let index = 0; index < 16; index++) {
        try {
          await provider().scoreOptions!(score);
          results.push('ok');
        } catch (error) {
          expect(error).toBeInstanceOf(ProviderCallError);
          results.push(`${(error as ProviderCallError).status}/${(error as ProviderCallError).isRetryable}`);
        }
      }
      return results;
    };
    const first = await outcomes();
    expect(await outcomes()).toEqual(first);
    expect(first.filter((outcome) => outcome === 'ok').length).toBeGreaterThan(2);
    expect(first.filter((outcome) => outcome !== 'ok').length).toBeGreaterThan(2);
    server.setFaults({});
  });
});
