import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * sources (the behaviour below is written from these):
 * - OpenAI API reference, Files (https://platform.openai.com/docs/api-reference/files/create: multipart
 *   `purpose` + `file`, File object `{id, object: "file", bytes, filename, purpose}`) and
 *   `GET /v1/files/{id}/content`.
 * - OpenAI API reference, Batch (https://platform.openai.com/docs/api-reference/batch: create with
 *   `{input_file_id, endpoint, completion_window: "24h", metadata}`, retrieve, list with `limit`/`after`,
 *   `{data, first_id, last_id, has_more}`), and the Batch guide (https://platform.openai.com/docs/guides/batch:
 *   statuses validating → in_progress → finalizing → completed, or failed / expired; output and error
 *   files; unfinished requests of an expired batch in the error file with code `batch_expired`).
 * - The SDK's Batch type: src/openai/types/batch.py, openai/openai-python@74eae1ede67819fe10de84f20d4e8cc6a036bedf.
 */

/** Faults to inject; each `hold…` leaves the client waiting for good (to be killed there). */
export interface BatchEmulatorFaults {
  holdUpload?: boolean;
  /** The batch is created, its answer never sent (a client killed right after submitting). */
  holdCreate?: boolean;
  /** Half of a file's content is sent, then nothing. */
  holdDownload?: boolean;
  /** Lines (by position in their batch's input file) answered 500, in the error file. */
  failLineIndexes?: Set<number>;
  /** The batch expires after this many lines; the rest go to the error file as `batch_expired`. */
  expireAfterLines?: number;
}

interface EmulatedBatch {
  id: string;
  status: 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'failed';
  input_file_id: string;
  endpoint: string;
  metadata: Record<string, string>;
  output_file_id: string | null;
  error_file_id: string | null;
  request_counts: { total: number; completed: number; failed: number };
  polls: number;
}

/** A running emulator: its base URL (with /v1), the request log the tests count, and its faults (changeable). */
export interface BatchEmulator {
  baseURL: string;
  log: Array<{ method: string; path: string }>;
  batches: EmulatedBatch[];
  /** Lines sent on to the backend, by custom id (a request answered twice would show 2). */
  linesSent: Map<string, number>;
  faults: BatchEmulatorFaults;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * OpenAI's Files and Batches endpoints on 127.0.0.1 (any other POST is passed to `backend`, as the live API). Each batch advances one status per retrieve;
 * its lines are answered by POSTing their bodies to `backend` (the test server), and the output file
 * lists them in reverse input order. Requests without `Bearer apiKey` get 401.
 */
export async function startOpenAiBatchEmulator(options: { backend: string; backendHeaders: Record<string, string>; apiKey: string; faults?: BatchEmulatorFaults }): Promise<BatchEmulator> {
  const files = new Map<string, string>();
  const state: BatchEmulator = { baseURL: '', log: [], batches: [], linesSent: new Map(), faults: options.faults ?? {}, close: () => Promise.resolve() };
  let next = 0;
  const send = (response: ServerResponse, status: number, json: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  };
  const view = (batch: EmulatedBatch): unknown => {
    const { polls: _polls, ...rest } = batch;
    return { ...rest, object: 'batch', completion_window: '24h', created_at: 1_700_000_000 };
  };

  const run = async (batch: EmulatedBatch): Promise<void> => {
    const lines = files.get(batch.input_file_id)!.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { custom_id: string; url: string; body: unknown });
    const output: unknown[] = [];
    const errors: unknown[] = [];
    for (const [index, line] of lines.entries()) {
      const id = `batch_req_${batch.id}_${index}`;
      if (state.faults.expireAfterLines !== undefined && index >= state.faults.expireAfterLines) {
        errors.push({ id, custom_id: line.custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } });
        continue;
      }
      if (state.faults.failLineIndexes?.has(index)) {
        errors.push({ id, custom_id: line.custom_id, response: { status_code: 500, request_id: id, body: { error: { message: 'injected server error', type: 'server_error' } } }, error: null });
        continue;
      }
      state.linesSent.set(line.custom_id, (state.linesSent.get(line.custom_id) ?? 0) + 1);
      const answer = await fetch(`${options.backend}${line.url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...options.backendHeaders }, body: JSON.stringify(line.body) });
      const body = (await answer.json()) as unknown;
      (answer.ok ? output : errors).push({ id, custom_id: line.custom_id, response: { status_code: answer.status, request_id: id, body }, error: null });
    }
    const store = (entries: unknown[]): string | null => {
      if (entries.length === 0) return null;
      const id = `file-out${next++}`;
      files.set(id, entries.reverse().map((entry) => `${JSON.stringify(entry)}\n`).join(''));
      return id;
    };
    batch.output_file_id = store(output);
    batch.error_file_id = store(errors);
    batch.request_counts = { total: lines.length, completed: output.length, failed: errors.length };
    batch.status = state.faults.expireAfterLines !== undefined && state.faults.expireAfterLines < lines.length ? 'expired' : 'finalizing';
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    state.log.push({ method: request.method ?? 'GET', path: url.pathname });
    const body = await bodyOf(request);
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) return send(response, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
    if (request.method === 'POST' && url.pathname === '/v1/files') {
      const form = await new Response(body, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      if (form.get('purpose') !== 'batch' || !(file instanceof Blob)) return send(response, 400, { error: { message: 'purpose must be batch, with a file' } });
      const id = `file-in${next++}`;
      files.set(id, await file.text());
      if (state.faults.holdUpload) return; // stored, never answered
      return send(response, 200, { id, object: 'file', bytes: file.size, filename: (file as File).name, purpose: 'batch', created_at: 1_700_000_000 });
    }
    if (request.method === 'POST' && url.pathname === '/v1/batches') {
      const input = JSON.parse(body.toString('utf8')) as { input_file_id?: string; endpoint?: string; completion_window?: string; metadata?: Record<string, string> };
      if (!input.input_file_id || !files.has(input.input_file_id)) return send(response, 400, { error: { message: `no file ${input.input_file_id}` } });
      if (input.completion_window !== '24h') return send(response, 400, { error: { message: 'completion_window must be 24h' } });
      const batch: EmulatedBatch = {
        id: `batch_${next++}`, status: 'validating', input_file_id: input.input_file_id, endpoint: input.endpoint ?? '', metadata: input.metadata ?? {},
        output_file_id: null, error_file_id: null, request_counts: { total: 0, completed: 0, failed: 0 }, polls: 0,
      };
      state.batches.push(batch);
      if (state.faults.holdCreate) return;
      return send(response, 200, view(batch));
    }
    if (request.method === 'GET' && url.pathname === '/v1/batches') {
      const newest = [...state.batches].reverse();
      const after = url.searchParams.get('after');
      const start = after ? newest.findIndex((batch) => batch.id === after) + 1 : 0;
      const page = newest.slice(start, start + Number(url.searchParams.get('limit') ?? 20));
      return send(response, 200, { object: 'list', data: page.map(view), first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: start + page.length < newest.length });
    }
    const batchMatch = /^\/v1\/batches\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && batchMatch) {
      const batch = state.batches.find((candidate) => candidate.id === batchMatch[1]);
      if (!batch) return send(response, 404, { error: { message: 'No batch found' } });
      batch.polls++;
      if (batch.status === 'validating') batch.status = 'in_progress';
      else if (batch.status === 'in_progress') await run(batch);
      else if (batch.status === 'finalizing') batch.status = 'completed';
      return send(response, 200, view(batch));
    }
    const fileMatch = /^\/v1\/files\/([^/]+)\/content$/.exec(url.pathname);
    if (request.method === 'GET' && fileMatch) {
      const text = files.get(fileMatch[1]!);
      if (text === undefined) return send(response, 404, { error: { message: 'No such File object' } });
      if (state.faults.holdDownload) {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.write(text.slice(0, Math.floor(text.length / 2)));
        return; // the rest never comes
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(text);
      return;
    }
    if (request.method !== 'POST') return send(response, 404, { error: { message: `no route ${request.method} ${url.pathname}` } });
    // Every other endpoint (completions, chat) is the live API: the backend answers it.
    const answer = await fetch(`${options.backend}${url.pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', ...options.backendHeaders }, body });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: { message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}
