import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { handleMessages } from './anthropic-route.js';
import { createDeterministicBackend } from './deterministic-backend.js';
import { createFaultPicker, FAULT_KINDS, type FaultKind, type FaultPlan } from './fault-plan.js';
import { handleChatCompletions, handleCompletions } from './openai-routes.js';
import { RouteRejection, type RouteAnswer, type RouteContext, type WireSupport } from './route-types.js';
import { readBody } from './read-body.js';
import { sendFault } from './send-fault.js';
import type { TestServerBackend } from './test-server-backend.js';

export interface TestServerOptions {
  /** What answers requests (default: `createDeterministicBackend()`). */
  backend?: TestServerBackend;
  /** When set, requests must carry it (`authorization: Bearer …` for OpenAI routes, `x-api-key` for `/v1/messages`); otherwise 401. */
  apiKey?: string;
  /** A fixed delay before every answer (not before a hang). */
  latencyMs?: number;
  faults?: FaultPlan;
  support?: Partial<WireSupport>;
  /** The wait a 429 asks for (default 0.1 s), sent as `retry-after` (seconds, fractional) and/or `retry-after-ms`. */
  retryAfterSeconds?: number;
  retryAfterHeaders?: 'both' | 'seconds' | 'milliseconds';
  /** Seed of the sampling seeds given to requests that bring none (default 0). */
  seed?: number;
}

/** One request as the server saw it. */
export interface RequestRecord {
  path: string;
  /** SHA-256 of the raw request body: equal bodies are the same request sent again. */
  bodySha256: string;
  /** The `model` the request named, when its body was JSON with one. */
  model?: string;
  /** The HTTP status sent; undefined for a hang, or a truncated body whose status line went out as 200. */
  status: number | undefined;
  /** When the status line went out (Date.now()); undefined while none has. */
  answeredAtMs?: number;
  fault?: FaultKind;
}

/** Live counters (read them at any time; `resetStats` zeroes them). */
export interface TestServerStats {
  /** Requests received, on any path. */
  requests: number;
  /** Requests answered with a real 200 answer (not a fault). */
  answered: number;
  byPath: Record<string, number>;
  faults: Record<FaultKind, number>;
  /** Requests refused with 4xx (bad request, unknown route, refused feature), 401 included. */
  rejected: number;
  unauthorized: number;
  /** Requests currently being handled (a hang stays here until the client gives up). */
  inFlight: number;
  log: RequestRecord[];
}

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/v1`: the base URL for `createOpenAiProvider` and `createAnthropicProvider`. */
  baseURL: string;
  stats: TestServerStats;
  /** Replaces the fault plan (the seeded sequence restarts). */
  setFaults(plan: FaultPlan): void;
  setLatencyMs(latencyMs: number): void;
  resetStats(): void;
  /** Drops open connections (hung ones too), stops listening and closes the backend. */
  close(): Promise<void>;
}

const ROUTES: Record<string, (context: RouteContext, body: unknown) => Promise<RouteAnswer>> = {
  '/v1/completions': handleCompletions,
  '/v1/chat/completions': handleChatCompletions,
  '/v1/messages': handleMessages,
};

function emptyStats(): TestServerStats {
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  return { requests: 0, answered: 0, byPath: {}, faults, rejected: 0, unauthorized: 0, inFlight: 0, log: [] };
}

/**
 * Starts a real HTTP server on 127.0.0.1 (a random free port) that speaks the OpenAI completions and
 * chat wire formats and the Anthropic Messages format, answering from `backend`; it counts requests,
 * can demand an API key, add latency, refuse or ignore `echo`/`logprobs`, and inject faults.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const backend = options.backend ?? createDeterministicBackend();
  const seedRng = xoroshiro128plus(options.seed ?? 0);
  const context: RouteContext = {
    backend,
    support: { echo: 'supported', logprobs: 'supported', completions: true, zeroMaxTokens: true, promptArrays: true, chatMaxTokens: true, ...options.support },
    nextSeed: () => unsafeUniformIntDistribution(0, 2_147_483_647, seedRng),
  };
  let pickFault = createFaultPicker(options.faults ?? {});
  let latencyMs = options.latencyMs ?? 0;
  const stats = emptyStats();
  const retryAfterSeconds = options.retryAfterSeconds ?? 0.1;
  const retryAfterHeaders = options.retryAfterHeaders ?? 'both';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0] as string;
    stats.requests++;
    stats.byPath[path] = (stats.byPath[path] ?? 0) + 1;
    const raw = await readBody(request);
    const record: RequestRecord = { path, bodySha256: createHash('sha256').update(raw).digest('hex'), status: undefined };
    stats.log.push(record);
    const anthropic = path === '/v1/messages';
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      record.answeredAtMs = Date.now();
      const text = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
      response.end(text);
    };
    const rejectWith = (status: number, message: string): void => {
      stats.rejected++;
      reply(status, anthropic ? { type: 'error', error: { type: status === 401 ? 'authentication_error' : 'invalid_request_error', message } } : { error: { message, type: 'invalid_request_error', code: null } });
    };

    const route = ROUTES[path];
    if (request.method !== 'POST' || route === undefined) return rejectWith(request.method !== 'POST' ? 405 : 404, `no route for ${request.method} ${path}`);
    if (options.apiKey !== undefined) {
      const given = anthropic ? request.headers['x-api-key'] : request.headers.authorization?.replace(/^Bearer /, '');
      if (given !== options.apiKey) {
        stats.unauthorized++;
        return rejectWith(401, given === undefined ? 'missing API key' : 'invalid API key');
      }
    }
    if (anthropic && request.headers['anthropic-version'] === undefined) return rejectWith(400, 'missing anthropic-version header');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return rejectWith(400, 'request body is not valid JSON');
    }
    const model = (body as { model?: unknown } | null)?.model;
    if (typeof model === 'string') record.model = model;
    const fault = pickFault();
    if (fault !== undefined) {
      record.fault = fault;
      stats.faults[fault]++;
    }
    if (fault === 'hang') return;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (fault !== undefined && fault !== 'missing-logprobs' && fault !== 'truncated-body' && fault !== 'malformed-json') {
      record.status = fault === 'rate-limit' ? 429 : 500;
      return sendFault(response, fault, { anthropic, retryAfterSeconds, retryAfterHeaders, answer: undefined });
    }
    let answer: RouteAnswer;
    try {
      answer = await route(context, body);
    } catch (error) {
      if (error instanceof RouteRejection) return rejectWith(error.status, error.message);
      record.status = 500;
      return reply(500, { error: { message: `backend failed: ${error instanceof Error ? error.message : String(error)}`, type: 'server_error' } });
    }
    if (fault !== undefined) {
      record.status = fault === 'truncated-body' ? undefined : 200;
      return sendFault(response, fault, { anthropic, retryAfterSeconds, retryAfterHeaders, answer: answer.body });
    }
    stats.answered++;
    reply(answer.status, answer.body);
  };

  const server = createServer((request, response) => {
    stats.inFlight++;
    response.on('close', () => stats.inFlight--);
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `test server failed: ${String(error)}` } }));
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseURL: `${url}/v1`,
    stats,
    setFaults(plan) {
      pickFault = createFaultPicker(plan);
    },
    setLatencyMs(value) {
      latencyMs = value;
    },
    resetStats() {
      Object.assign(stats, emptyStats(), { inFlight: stats.inFlight });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close?.();
    },
  };
}

