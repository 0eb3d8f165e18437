import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicBatchClient } from '../../providers/anthropic/anthropic-batch-client.js';
import { createAnthropicProvider } from '../../providers/anthropic/anthropic-provider.js';
import { ProviderCallError } from '../../providers/spec.js';
import { startMessageBatchEmulator, type MessageBatchEmulator } from '../../providers/test-support/batch-api/anthropic-batch-emulator.js';
import { createDeterministicBackend } from '../../providers/test-server/deterministic-backend.js';
import { startTestServer, type TestServer } from '../../providers/test-server/start-test-server.js';
import { anthropicBatchApi } from './anthropic-batch-api.js';
import type { BatchApi, BatchJobRef } from './batch-api.js';
import { replayFetch } from './batch-exchange.js';
import { customIdOf, type BatchInputLine } from './batch-lines.js';

const API_KEY = 'test-key-adapter-24680';
let server: TestServer | undefined;
let emulator: MessageBatchEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  await server?.close();
  emulator = server = undefined;
});

function lines(count: number, offset = 0): BatchInputLine[] {
  return Array.from({ length: count }, (_, index) => {
    const body = { model: 'claude-test', max_tokens: 32, temperature: 0, messages: [{ role: 'user', content: `item ${index + offset}` }] };
    return { custom_id: customIdOf('/v1/messages', body), method: 'POST', url: '/v1/messages', body };
  });
}

async function setUp(): Promise<{ api: BatchApi; emulator: MessageBatchEmulator }> {
  server = await startTestServer({ apiKey: API_KEY, backend: createDeterministicBackend({ reply: () => 'Answer: B\nConfidence: 70' }) });
  emulator = await startMessageBatchEmulator({ backend: server.url, backendKey: API_KEY, apiKey: API_KEY });
  return { api: anthropicBatchApi(createAnthropicBatchClient(emulator.baseURL, API_KEY, 5_000)), emulator };
}

async function staged(api: BatchApi, requestLines: BatchInputLine[]): Promise<BatchJobRef> {
  return { id: 1, runId: 1, endpoint: '/v1/messages', lines: requestLines, staged: await api.stage({ id: 1, runId: 1 }, requestLines) };
}

async function pollToEnd(api: BatchApi, id: string): Promise<Awaited<ReturnType<BatchApi['get']>>> {
  for (let poll = 0; poll < 10; poll++) {
    const batch = await api.get(id);
    if (batch.ended) return batch;
  }
  throw new Error('never ended');
}

describe('anthropicBatchApi: finding the batch of a create whose answer was lost', () => {
  it('finds none before the create, the one created after it, and none that another job holds or that is older', async () => {
    const { api, emulator: emulated } = await setUp();
    const job = await staged(api, lines(3));
    expect(emulated.log).toHaveLength(0); // staging sends nothing: the create is the submission
    expect(await api.findCreated(job, new Set())).toBeUndefined();
    const created = await api.create(job);
    expect(emulated.batches[0]!.requests).toEqual(job.lines.map((line) => ({ custom_id: line.custom_id, params: line.body })));
    expect(await api.findCreated(job, new Set())).toMatchObject({ id: created.id, ended: false });
    expect(await api.findCreated(job, new Set([created.id]))).toBeUndefined();
    expect(await api.findCreated(await staged(api, lines(4)), new Set())).toBeUndefined(); // another request count
    emulated.batches[0]!.created_at = new Date(Date.now() - 3_600_000).toISOString();
    expect(await api.findCreated(job, new Set())).toBeUndefined(); // created long before this job's create began
  });

  it('waits while two running batches fit, then tells them apart by the custom ids of their results', async () => {
    const { api } = await setUp();
    const job = await staged(api, lines(3));
    const ours = await api.create(job);
    const foreign = await api.create({ ...job, lines: lines(3, 100) });
    expect(await api.findCreated(job, new Set())).toBe('undecided');
    await pollToEnd(api, foreign.id);
    expect(await api.findCreated(job, new Set())).toMatchObject({ id: ours.id }); // the foreign one has ended with other ids
    await pollToEnd(api, ours.id);
    expect(await api.findCreated(job, new Set())).toMatchObject({ id: ours.id, ended: true });
  });
});

describe('anthropicBatchApi.answers', () => {
  it('gives successes and final failures as live answers; server errors, expired and canceled lines stay to do', async () => {
    const { api, emulator: emulated } = await setUp();
    emulated.faults = { failLineIndexes: new Set([1]), invalidLineIndexes: new Set([2]), expireAfterLines: 4 };
    const job = await staged(api, lines(5));
    const ended = await pollToEnd(api, (await api.create(job)).id);
    const answers = await api.answers(ended);
    const [ok, serverError, invalid, fine, expired] = job.lines.map((line) => line.custom_id);
    expect([...answers.keys()].sort()).toEqual([ok!, invalid!, fine!].sort());
    expect(answers.has(serverError!) || answers.has(expired!)).toBe(false);
    expect(answers.get(invalid!)!.response).toEqual({ status_code: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'injected invalid request' } } });

    // replayed to the live provider, the answers are what a live request gets
    const provider = createAnthropicProvider({ baseURL: 'http://127.0.0.1:9/v1', model: 'claude-test', fetch: replayFetch(answers) });
    expect(await provider.generate({ prompt: 'item 0', maxTokens: 32, temperature: 0 })).toMatchObject({ text: 'Answer: B\nConfidence: 70' });
    const refused = await provider.generate({ prompt: 'item 2', maxTokens: 32, temperature: 0 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderCallError);
    expect(refused).toMatchObject({ status: 400, isRetryable: false });
    expect((refused as Error).message).toMatch(/injected invalid request/);

    emulated.faults = { cancelAfterLines: 1 };
    const cancelled = await pollToEnd(api, (await api.create(await staged(api, lines(2, 50)))).id);
    expect(cancelled.status).toBe('ended');
    expect((await api.answers(cancelled)).size).toBe(1);
  });
});
