import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMessageBatchEmulator, type MessageBatchEmulator } from '../test-support/batch-api/anthropic-batch-emulator.js';
import { createDeterministicBackend } from '../test-server/deterministic-backend.js';
import { startTestServer, type TestServer } from '../test-server/start-test-server.js';
import { ProviderCallError } from '../spec.js';
import { createAnthropicBatchClient, requestTotal } from './anthropic-batch-client.js';
import { createAnthropicProvider } from './anthropic-provider.js';

const API_KEY = 'test-key-batch-client-0123456789';
let server: TestServer | undefined;
let emulator: MessageBatchEmulator | undefined;
let other: Server | undefined;

afterEach(async () => {
  await emulator?.close();
  await server?.close();
  if (other) await new Promise((resolve) => other!.close(resolve));
  emulator = server = other = undefined;
});

async function setUp(): Promise<MessageBatchEmulator> {
  server = await startTestServer({ apiKey: API_KEY, backend: createDeterministicBackend({ reply: (prompt) => `echo: ${prompt}` }) });
  emulator = await startMessageBatchEmulator({ backend: server.url, backendKey: API_KEY, apiKey: API_KEY });
  return emulator;
}

const request = (index: number): { custom_id: string; params: Record<string, unknown> } => ({
  custom_id: `req-${index}`, params: { model: 'claude-test', max_tokens: 64, temperature: 0, messages: [{ role: 'user', content: `question ${index}` }] },
});

async function waitEnded(client: ReturnType<typeof createAnthropicBatchClient>, id: string): Promise<Awaited<ReturnType<typeof client.retrieve>>> {
  for (let poll = 0; poll < 10; poll++) {
    const batch = await client.retrieve(id);
    if (batch.processing_status === 'ended') return batch;
  }
  throw new Error('the batch never ended');
}

describe('createAnthropicBatchClient against the Message Batches emulator', () => {
  it('creates a batch, polls it to its end and reads results that answer each custom id as a live request would', async () => {
    const api = await setUp();
    const client = createAnthropicBatchClient(api.baseURL, API_KEY, 5_000);
    const created = await client.create([0, 1, 2, 3].map(request));
    expect(created).toMatchObject({ processing_status: 'in_progress', request_counts: { processing: 4, succeeded: 0 }, results_url: null });
    expect((await client.retrieve(created.id)).processing_status).toBe('in_progress'); // counts move only when the whole batch ends
    const ended = await waitEnded(client, created.id);
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 4, errored: 0, canceled: 0, expired: 0 });
    expect(requestTotal(ended)).toBe(4);
    const results = await client.results(ended.id, ended.results_url!);
    expect(results.map((line) => line.custom_id).sort()).toEqual(['req-0', 'req-1', 'req-2', 'req-3']);
    const live = createAnthropicProvider({ baseURL: server!.baseURL, apiKey: API_KEY, model: 'claude-test' });
    for (const line of results) {
      const index = Number(line.custom_id.slice(4));
      const expected = await live.generate({ prompt: `question ${index}`, maxTokens: 64, temperature: 0 });
      if (line.result.type !== 'succeeded') throw new Error(`${line.custom_id}: ${line.result.type}`);
      const message = line.result.message as unknown as { content: Array<{ text: string }> };
      expect(message.content[0]!.text).toBe(expected.text);
    }
    expect(api.log.filter((entry) => entry.path === '/v1/messages/batches')).toHaveLength(1);
  });

  it('reads partial failures: errored (server and request errors), expired and canceled lines, in another order than the input', async () => {
    const api = await setUp();
    api.faults = { failLineIndexes: new Set([1]), invalidLineIndexes: new Set([2]), expireAfterLines: 5 };
    const client = createAnthropicBatchClient(api.baseURL, API_KEY, 5_000);
    const requests = [9, 3, 7, 1, 5, 8, 0].map(request);
    const ended = await waitEnded(client, (await client.create(requests)).id);
    expect(ended.request_counts).toEqual({ processing: 0, succeeded: 3, errored: 2, canceled: 0, expired: 2 });
    const results = await client.results(ended.id, ended.results_url!);
    expect(results.map((line) => line.custom_id)).not.toEqual(requests.map((line) => line.custom_id));
    const types = Object.fromEntries(results.map((line) => [line.custom_id, line.result.type === 'errored' ? line.result.error.error.type : line.result.type]));
    expect(types).toEqual({ 'req-9': 'succeeded', 'req-3': 'api_error', 'req-7': 'invalid_request_error', 'req-1': 'succeeded', 'req-5': 'succeeded', 'req-8': 'expired', 'req-0': 'expired' });

    api.faults = { cancelAfterLines: 2 };
    const cancelled = await client.create([0, 1, 2].map(request));
    await client.retrieve(cancelled.id);
    expect((await client.retrieve(cancelled.id)).processing_status).toBe('canceling');
    const after = await waitEnded(client, cancelled.id);
    expect(after.request_counts).toMatchObject({ succeeded: 2, canceled: 1 });
  });

  it('lists the account\'s batches newest first across pages (after_id)', async () => {
    const api = await setUp();
    const client = createAnthropicBatchClient(api.baseURL, API_KEY, 5_000);
    const ids: string[] = [];
    for (let index = 0; index < 105; index++) ids.push((await client.create([request(index)])).id);
    const listed = await client.list(() => false);
    expect(listed.map((batch) => batch.id)).toEqual([...ids].reverse());
    expect(api.log.filter((entry) => entry.method === 'GET' && entry.path === '/v1/messages/batches')).toHaveLength(2);
    expect((await client.list(() => true)).length).toBe(100); // stops after the page that says enough
  });

  it('says a refused key without the key, and never sends it to a results URL on another origin', async () => {
    const api = await setUp();
    const wrong = createAnthropicBatchClient(api.baseURL, 'test-key-wrong-999', 5_000);
    const refused = await wrong.create([request(0)]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProviderCallError);
    expect(refused).toMatchObject({ status: 401, isRetryable: false });
    expect((refused as Error).message).not.toContain('test-key-wrong-999');

    // a server that echoes the key it was sent: the error text has it redacted
    let seenKeys = 0;
    other = createServer((incoming, response) => {
      if (incoming.headers['x-api-key'] !== undefined) seenKeys++;
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `bad ${String(incoming.headers['x-api-key'])}` } }));
    });
    await new Promise<void>((resolve) => other!.listen(0, '127.0.0.1', resolve));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const echoed = await createAnthropicBatchClient(`${otherOrigin}/v1`, API_KEY, 5_000).retrieve('msgbatch_x').catch((error: unknown) => error);
    expect(echoed).toMatchObject({ status: 500, isRetryable: true });
    expect((echoed as Error).message).toMatch(/bad \[redacted\]/);
    seenKeys = 0;
    const client = createAnthropicBatchClient(api.baseURL, API_KEY, 5_000);
    const elsewhere = await client.results('msgbatch_x', `${otherOrigin}/v1/messages/batches/msgbatch_x/results`).catch((error: unknown) => error);
    expect((elsewhere as Error).message).toMatch(/results_url is not on http:\/\/127\.0\.0\.1/);
    expect(seenKeys).toBe(0);
  });

  it('fails a cut-off results download as retryable (timed out), naming the batch', async () => {
    const api = await setUp();
    const client = createAnthropicBatchClient(api.baseURL, API_KEY, 500);
    const ended = await waitEnded(client, (await client.create([0, 1, 2].map(request))).id);
    api.faults = { holdDownload: true };
    const error = await client.results(ended.id, ended.results_url!).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error).toMatchObject({ isRetryable: true });
    expect((error as Error).message).toMatch(new RegExp(`GET /v1/messages/batches/${ended.id}/results: the body was cut off after HTTP 200 \\(timed out after 500 ms\\)`));
  });

  it('parses a results file as it arrives, in pieces that split lines and characters, and names a bad line', async () => {
    // Result lines as anthropic-sdk-python's types describe them (see the emulator): succeeded, errored, expired.
    const lines = [
      { custom_id: 'a', result: { type: 'succeeded', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text: 'snow ☃ and 是' }] } } },
      { custom_id: 'b', result: { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } } } },
      { custom_id: 'c', result: { type: 'expired' } },
    ];
    let body = Buffer.from(`${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    other = createServer(async (_incoming, response) => {
      response.writeHead(200, { 'content-type': 'application/binary' });
      for (let at = 0; at < body.length; at += 5) { // 5 bytes at a time: lines and UTF-8 characters are split
        response.write(body.subarray(at, at + 5));
        await new Promise((resolve) => setImmediate(resolve));
      }
      response.end();
    });
    await new Promise<void>((resolve) => other!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const client = createAnthropicBatchClient(`${origin}/v1`, API_KEY, 5_000);
    const url = `${origin}/v1/messages/batches/msgbatch_1/results`;
    expect(await client.results('msgbatch_1', url)).toEqual(lines);
    body = Buffer.from(`${JSON.stringify(lines[0])}\n{"custom_id": "x", "result": {"type": "pending"}}\n`);
    await expect(client.results('msgbatch_1', url)).rejects.toMatchObject({ isRetryable: false, message: /batch msgbatch_1 results, line 2, field result.type/ });
    body = Buffer.from(`${JSON.stringify(lines[0])}\n{"custom_id": "x", "res`);
    await expect(client.results('msgbatch_1', url)).rejects.toMatchObject({ isRetryable: true, message: /line 2: not JSON \(the download was cut off\?\)/ });
  });
});
