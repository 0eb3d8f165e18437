import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * sources (the behaviour below is written from these):
 * - Anthropic API reference, Message Batches (https://docs.claude.com/en/api/creating-message-batches,
 *   retrieving-message-batches, listing-message-batches, retrieving-message-batch-results,
 *   canceling-message-batches) and the Batch processing guide
 *   (https://docs.claude.com/en/docs/build-with-claude/batch-processing: ≤ 100,000 requests or 256 MB;
 *   results of types succeeded / errored / canceled / expired, "not guaranteed to be in the same
 *   order as requests"; canceling → ended).
 * - The SDK: src/anthropic/resources/messages/batches.py (paths `/v1/messages/batches`, `…/{id}`,
 *   `…/{id}/cancel`, list with `limit` 1–1000 / `after_id` / `before_id`, newest first, results
 *   read from `results_url`) of anthropics/anthropic-sdk-python@5e6cd74bc383b812698b2d572ff9b016aae94b5e,
 *   and the types src/anthropic/types/messages/message_batch.py, message_batch_request_counts.py
 *   (counts stay `processing` until the whole batch ends), batch_create_params.py (`{custom_id,
 *   params}`, ids unique in a batch), message_batch_individual_response.py and the result types
 *   of anthropics/anthropic-sdk-python@e3010356f8a005aebab7fb528d8353e9bfb17056.
 * - Errors: https://docs.claude.com/en/api/errors (`{type: "error", error: {type, message}}`).
 */

/** Faults to inject; each `hold…` leaves the client waiting for good (to be killed there). */
export interface MessageBatchEmulatorFaults {
  /** The batch is created, its answer never sent (a client killed right after submitting). */
  holdCreate?: boolean;
  /** Half of the results file is sent, then nothing. */
  holdDownload?: boolean;
  /** Lines (by position in their batch) answered `api_error` (a server error: another submission may succeed). */
  failLineIndexes?: Set<number>;
  /** Lines answered `invalid_request_error` (as the live API would answer them again). */
  invalidLineIndexes?: Set<number>;
  /** The batch reaches its expiry after this many lines: the rest are `expired`. */
  expireAfterLines?: number;
  /** The batch is cancelled after this many lines: one poll shows `canceling`, then the rest are `canceled`. */
  cancelAfterLines?: number;
}

/** A batch as the emulator keeps it: the API's fields, its requests and results. */
export interface EmulatedMessageBatch {
  id: string;
  processing_status: 'in_progress' | 'canceling' | 'ended';
  request_counts: { processing: number; succeeded: number; errored: number; canceled: number; expired: number };
  created_at: string;
  ended_at: string | null;
  cancel_initiated_at: string | null;
  results_url: string | null;
  requests: Array<{ custom_id: string; params: unknown }>;
  results: Array<{ custom_id: string; result: Record<string, unknown> }>;
}

/** A running emulator: its base URL (with /v1), the request log the tests count, its faults (changeable). */
export interface MessageBatchEmulator {
  baseURL: string;
  log: Array<{ method: string; path: string }>;
  batches: EmulatedMessageBatch[];
  /** Requests sent on to the backend, by custom id (a request answered twice would show 2). */
  linesSent: Map<string, number>;
  faults: MessageBatchEmulatorFaults;
  close(): Promise<void>;
}

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_REQUESTS = 100_000;

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, json: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
}

function apiError(response: ServerResponse, status: number, type: string, message: string): void {
  send(response, status, { type: 'error', error: { type, message } });
}

function view(batch: EmulatedMessageBatch): unknown {
  const { requests: _requests, results: _results, ...rest } = batch;
  const expires = new Date(Date.parse(batch.created_at) + 24 * 3_600_000).toISOString();
  return { ...rest, type: 'message_batch', expires_at: expires, archived_at: null };
}

/**
 * Anthropic's Message Batches endpoints on 127.0.0.1 (any other POST, e.g. a live `/v1/messages`, is
 * passed to `backend`). A batch stays `in_progress` for its first retrieve; the next one runs its
 * requests (POSTing each `params` to `backend`'s `/v1/messages`) and ends it (or, with
 * `cancelAfterLines`, shows `canceling` for one more retrieve). Results are listed by custom id, not
 * in input order. Requests without `x-api-key: apiKey` get 401, without `anthropic-version` 400.
 */
export async function startMessageBatchEmulator(options: { backend: string; backendKey: string; apiKey: string; faults?: MessageBatchEmulatorFaults }): Promise<MessageBatchEmulator> {
  const state: MessageBatchEmulator = { baseURL: '', log: [], batches: [], linesSent: new Map(), faults: options.faults ?? {}, close: () => Promise.resolve() };
  let next = 0;
  let origin = '';
  const backendHeaders = { 'content-type': 'application/json', 'x-api-key': options.backendKey, 'anthropic-version': '2023-06-01' };

  const runLine = async (batch: EmulatedMessageBatch, index: number): Promise<Record<string, unknown>> => {
    const { custom_id: customId, params } = batch.requests[index]!;
    const faults = state.faults;
    if (faults.expireAfterLines !== undefined && index >= faults.expireAfterLines) return { type: 'expired' };
    if (faults.failLineIndexes?.has(index)) return { type: 'errored', error: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } } };
    if (faults.invalidLineIndexes?.has(index)) return { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: 'injected invalid request' } } };
    state.linesSent.set(customId, (state.linesSent.get(customId) ?? 0) + 1);
    const answer = await fetch(`${options.backend}/v1/messages`, { method: 'POST', headers: backendHeaders, body: JSON.stringify(params) });
    const body = (await answer.json()) as Record<string, unknown>;
    return answer.ok ? { type: 'succeeded', message: body } : { type: 'errored', error: body };
  };
  const end = (batch: EmulatedMessageBatch, results: Array<Record<string, unknown>>): void => {
    batch.results = results.map((result, index) => ({ custom_id: batch.requests[index]!.custom_id, result }));
    const count = (type: string): number => results.filter((result) => result.type === type).length;
    batch.request_counts = { processing: 0, succeeded: count('succeeded'), errored: count('errored'), canceled: count('canceled'), expired: count('expired') };
    batch.processing_status = 'ended';
    batch.ended_at = new Date().toISOString();
    batch.results_url = `${origin}/v1/messages/batches/${batch.id}/results`;
  };
  const pending = new Map<string, Array<Record<string, unknown>>>();
  const advance = async (batch: EmulatedMessageBatch, polls: number): Promise<void> => {
    if (batch.processing_status === 'ended' || polls < 2) return;
    const cancelAt = state.faults.cancelAfterLines;
    if (batch.processing_status === 'canceling') {
      const done = pending.get(batch.id) ?? [];
      return end(batch, batch.requests.map((_request, index) => done[index] ?? { type: 'canceled' }));
    }
    const limit = cancelAt ?? batch.requests.length;
    const results: Array<Record<string, unknown>> = [];
    for (let index = 0; index < Math.min(limit, batch.requests.length); index++) results.push(await runLine(batch, index));
    if (cancelAt !== undefined && cancelAt < batch.requests.length) {
      pending.set(batch.id, results);
      batch.processing_status = 'canceling';
      batch.cancel_initiated_at = new Date().toISOString();
      return;
    }
    end(batch, results);
  };
  const polls = new Map<string, number>();

  const create = (response: ServerResponse, raw: Buffer): void => {
    let input: { requests?: unknown };
    try {
      input = JSON.parse(raw.toString('utf8')) as { requests?: unknown };
    } catch {
      return apiError(response, 400, 'invalid_request_error', 'body is not JSON');
    }
    const requests = input.requests;
    if (!Array.isArray(requests) || requests.length === 0) return apiError(response, 400, 'invalid_request_error', 'requests: at least one request is required');
    if (requests.length > MAX_REQUESTS) return apiError(response, 400, 'invalid_request_error', `requests: at most ${MAX_REQUESTS} requests`);
    const seen = new Set<string>();
    for (const [index, request] of (requests as Array<{ custom_id?: unknown; params?: unknown }>).entries()) {
      const id = request.custom_id;
      if (typeof id !== 'string' || !CUSTOM_ID.test(id)) return apiError(response, 400, 'invalid_request_error', `requests.${index}.custom_id: must match ${CUSTOM_ID.source}`);
      if (seen.has(id)) return apiError(response, 400, 'invalid_request_error', `requests.${index}.custom_id: duplicate custom_id ${id}`);
      seen.add(id);
      const params = request.params as { model?: unknown; max_tokens?: unknown; messages?: unknown } | undefined;
      if (typeof params?.model !== 'string' || typeof params.max_tokens !== 'number' || params.max_tokens < 1 || !Array.isArray(params.messages)) {
        return apiError(response, 400, 'invalid_request_error', `requests.${index}.params: model, max_tokens ≥ 1 and messages are required`);
      }
    }
    const batch: EmulatedMessageBatch = {
      id: `msgbatch_${String(next++).padStart(4, '0')}`, processing_status: 'in_progress',
      request_counts: { processing: requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      created_at: new Date().toISOString(), ended_at: null, cancel_initiated_at: null, results_url: null,
      requests: requests as EmulatedMessageBatch['requests'], results: [],
    };
    state.batches.push(batch);
    if (state.faults.holdCreate) return; // created, never answered
    send(response, 200, view(batch));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    state.log.push({ method: request.method ?? 'GET', path: url.pathname });
    const body = await bodyOf(request);
    if (request.headers['x-api-key'] !== options.apiKey) return apiError(response, 401, 'authentication_error', 'invalid x-api-key');
    if (request.headers['anthropic-version'] === undefined) return apiError(response, 400, 'invalid_request_error', 'anthropic-version: header is required');
    if (request.method === 'POST' && url.pathname === '/v1/messages/batches') return create(response, body);
    if (request.method === 'GET' && url.pathname === '/v1/messages/batches') {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return apiError(response, 400, 'invalid_request_error', 'limit: must be 1 to 1000');
      const newest = [...state.batches].reverse();
      const after = url.searchParams.get('after_id');
      const start = after ? newest.findIndex((batch) => batch.id === after) + 1 : 0;
      const page = newest.slice(start, start + limit);
      return send(response, 200, { data: page.map(view), has_more: start + page.length < newest.length, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null });
    }
    const match = /^\/v1\/messages\/batches\/([^/]+)(\/results|\/cancel)?$/.exec(url.pathname);
    const batch = match ? state.batches.find((candidate) => candidate.id === match[1]) : undefined;
    if (match && !batch) return apiError(response, 404, 'not_found_error', `no message batch ${match[1]}`);
    if (batch && request.method === 'GET' && match![2] === undefined) {
      const count = (polls.get(batch.id) ?? 0) + 1;
      polls.set(batch.id, count);
      await advance(batch, count);
      return send(response, 200, view(batch));
    }
    if (batch && request.method === 'POST' && match![2] === '/cancel') {
      if (batch.processing_status === 'in_progress') {
        batch.processing_status = 'canceling';
        batch.cancel_initiated_at = new Date().toISOString();
      }
      return send(response, 200, view(batch));
    }
    if (batch && request.method === 'GET' && match![2] === '/results') {
      if (batch.processing_status !== 'ended') return apiError(response, 400, 'invalid_request_error', `batch ${batch.id} is still ${batch.processing_status}`);
      const ordered = [...batch.results].sort((a, b) => (a.custom_id < b.custom_id ? -1 : 1)); // not the input order
      const text = ordered.map((line) => `${JSON.stringify(line)}\n`).join('');
      response.writeHead(200, { 'content-type': 'application/binary' });
      if (state.faults.holdDownload) return void response.write(text.slice(0, Math.floor(text.length / 2))); // the rest never comes
      return void response.end(text);
    }
    if (request.method !== 'POST') return apiError(response, 404, 'not_found_error', `no route ${request.method} ${url.pathname}`);
    // Every other endpoint (a live /v1/messages) is the live API: the backend answers it.
    const answer = await fetch(`${options.backend}${url.pathname}`, { method: 'POST', headers: backendHeaders, body });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => apiError(response, 500, 'api_error', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.baseURL = `${origin}/v1`;
  state.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}
