import { z } from 'zod';
import { redactSecrets } from '../../core/redact-secrets.js';
import { normalizeBaseUrl } from '../http/normalize-base-url.js';
import { ProviderCallError } from '../spec.js';
import { ANTHROPIC_VERSION } from './anthropic-provider.js';

/**
 * A Message Batch as the API returns it (the fields scalegap reads), from the API reference
 * (https://docs.claude.com/en/api/creating-message-batches, …/retrieving-message-batches) and the
 * SDK type `src/anthropic/types/messages/message_batch.py` (+ `message_batch_request_counts.py`) of
 * anthropics/anthropic-sdk-python@e3010356f8a005aebab7fb528d8353e9bfb17056. `request_counts` are all
 * `processing` until the whole batch has ended; `results_url` is set only then.
 */
export const messageBatchSchema = z.object({
  id: z.string().min(1),
  type: z.literal('message_batch').optional(),
  processing_status: z.enum(['in_progress', 'canceling', 'ended']),
  request_counts: z.object({
    processing: z.number().int().nonnegative(), succeeded: z.number().int().nonnegative(), errored: z.number().int().nonnegative(),
    canceled: z.number().int().nonnegative(), expired: z.number().int().nonnegative(),
  }),
  created_at: z.string(),
  ended_at: z.string().nullish(),
  results_url: z.string().nullish(),
});

export type MessageBatch = z.infer<typeof messageBatchSchema>;

/**
 * One line of a batch's results file: `{custom_id, result}` with `result.type` succeeded (`message`:
 * the Message a live request returns), errored (`error`: the error response `{type: "error", error:
 * {type, message}}` a live request gets), canceled or expired (SDK: `message_batch_individual_response.py`,
 * `message_batch_result.py`, `message_batch_errored_result.py`, same commit). Lines are in any order.
 */
export const messageBatchResultLineSchema = z.object({
  custom_id: z.string().min(1),
  result: z.discriminatedUnion('type', [
    z.object({ type: z.literal('succeeded'), message: z.record(z.string(), z.unknown()) }),
    z.object({ type: z.literal('errored'), error: z.looseObject({ type: z.literal('error').optional(), error: z.looseObject({ type: z.string(), message: z.string().optional() }) }) }),
    z.object({ type: z.literal('canceled') }),
    z.object({ type: z.literal('expired') }),
  ]),
});

export type MessageBatchResultLine = z.infer<typeof messageBatchResultLineSchema>;

/** The number of requests of a batch: its counts always sum to it (SDK docstring of `request_counts`). */
export function requestTotal(batch: MessageBatch): number {
  const counts = batch.request_counts;
  return counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired;
}

/** One request of a batch: `{custom_id, params}`, `params` being the body of a live `POST /v1/messages`. */
export interface MessageBatchRequest {
  custom_id: string;
  params: Record<string, unknown>;
}

/** The Message Batches endpoints (keys only in the `x-api-key` header, and only to `baseURL`'s origin). */
export interface AnthropicBatchClient {
  create(requests: MessageBatchRequest[], signal?: AbortSignal): Promise<MessageBatch>;
  retrieve(batchId: string, signal?: AbortSignal): Promise<MessageBatch>;
  /** The account's batches, newest first, page by page (`limit` per page) until `until` says stop. */
  list(until: (page: MessageBatch[]) => boolean, signal?: AbortSignal): Promise<MessageBatch[]>;
  /** The results file (`resultsUrl`) of an ended batch: every line checked; a bad line is an error naming the batch and line. */
  results(batchId: string, resultsUrl: string, signal?: AbortSignal): Promise<MessageBatchResultLine[]>;
}

/** A client for `baseURL` (with its `/v1`); `apiKey` '' sends no key. */
export function createAnthropicBatchClient(baseURL: string, apiKey: string, timeoutMs: number): AnthropicBatchClient {
  const base = normalizeBaseUrl(baseURL);
  const origin = new URL(base).origin;
  const redact = (text: string): string => redactSecrets(text, [apiKey]);
  /**
   * One exchange, its body handed to `read` as it arrives (chunks of text); every failure (network, timeout, a
   * cut-off body, HTTP status) is a ProviderCallError without the key. An error status's body is read whole.
   */
  const exchange = async (url: string, init: RequestInit, signal: AbortSignal | undefined, read: (chunk: string) => void): Promise<void> => {
    const headers = new Headers(init.headers);
    headers.set('anthropic-version', ANTHROPIC_VERSION);
    if (apiKey !== '') headers.set('x-api-key', apiKey);
    const timeout = AbortSignal.timeout(timeoutMs);
    const where = `${init.method ?? 'GET'} ${new URL(url).pathname}`;
    let status = 0;
    let errorText = '';
    try {
      const response = await fetch(url, { ...init, headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      status = response.status;
      if (status < 200 || status > 299) errorText = await response.text();
      else if (response.body) {
        const decoder = new TextDecoder();
        for await (const bytes of response.body) read(decoder.decode(bytes as Uint8Array, { stream: true }));
        read(decoder.decode());
      }
    } catch (error) {
      if (error instanceof ProviderCallError) throw error;
      if (signal?.aborted) throw signal.reason;
      const why = timeout.aborted ? `timed out after ${timeoutMs} ms` : String((error as Error).message);
      throw new ProviderCallError(redact(`${where}: ${status === 0 ? why : `the body was cut off after HTTP ${status} (${why})`}`), { isRetryable: true });
    }
    if (status < 200 || status > 299) {
      throw new ProviderCallError(redact(`${where}: HTTP ${status} ${errorText.slice(0, 300)}`), { status, isRetryable: status === 429 || status >= 500 });
    }
  };
  /** One exchange, its body read in full. */
  const call = async (url: string, init: RequestInit, signal?: AbortSignal): Promise<string> => {
    const chunks: string[] = [];
    await exchange(url, init, signal, (chunk) => chunks.push(chunk));
    return chunks.join('');
  };
  const json = (url: string, text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      throw new ProviderCallError(`${new URL(url).pathname}: the answer is not JSON`, { isRetryable: true });
    }
  };
  const batch = async (url: string, init: RequestInit, signal?: AbortSignal): Promise<MessageBatch> => {
    const parsed = messageBatchSchema.safeParse(json(url, await call(url, init, signal)));
    if (!parsed.success) throw new ProviderCallError(`${new URL(url).pathname}: not a Message Batch (${parsed.error.issues[0]?.message ?? 'invalid'})`, { isRetryable: false });
    return parsed.data;
  };
  const pageSchema = z.object({ data: z.array(messageBatchSchema), has_more: z.boolean(), last_id: z.string().nullish() });
  return {
    create: (requests, signal) => batch(`${base}/messages/batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requests }) }, signal),
    retrieve: (batchId, signal) => batch(`${base}/messages/batches/${encodeURIComponent(batchId)}`, { method: 'GET' }, signal),
    list: async (until, signal) => {
      const all: MessageBatch[] = [];
      let after: string | null | undefined;
      for (;;) {
        const url = `${base}/messages/batches?limit=100${after ? `&after_id=${encodeURIComponent(after)}` : ''}`;
        const parsed = pageSchema.safeParse(json(url, await call(url, { method: 'GET' }, signal)));
        if (!parsed.success) throw new ProviderCallError(`GET /messages/batches: not a page of Message Batches (${parsed.error.issues[0]?.message ?? 'invalid'})`, { isRetryable: false });
        all.push(...parsed.data.data);
        if (!parsed.data.has_more || parsed.data.data.length === 0 || until(parsed.data.data)) return all;
        after = parsed.data.last_id ?? parsed.data.data.at(-1)!.id;
      }
    },
    results: async (batchId, resultsUrl, signal) => {
      // The key goes only to the API's own origin: a results URL elsewhere is not followed.
      const url = new URL(resultsUrl, base);
      if (url.origin !== origin) throw new ProviderCallError(`batch ${batchId}: its results_url is not on ${origin}`, { isRetryable: false });
      // Lines are checked as they arrive: the file (up to 100,000 results) is never held whole as text.
      const lines: MessageBatchResultLine[] = [];
      let lineNumber = 0;
      const take = (raw: string): void => {
        lineNumber += 1;
        if (raw.trim() === '') return;
        let value: unknown;
        try {
          value = JSON.parse(raw);
        } catch {
          throw new ProviderCallError(`batch ${batchId} results, line ${lineNumber}: not JSON (the download was cut off?)`, { isRetryable: true });
        }
        const parsed = messageBatchResultLineSchema.safeParse(value);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new ProviderCallError(`batch ${batchId} results, line ${lineNumber}, field ${issue.path.map(String).join('.') || '(line)'}: ${issue.message}`, { isRetryable: false });
        }
        lines.push(parsed.data);
      };
      let partial = '';
      await exchange(url.href, { method: 'GET', headers: { accept: 'application/binary' } }, signal, (chunk) => {
        const pieces = (partial + chunk).split('\n');
        partial = pieces.pop()!;
        for (const piece of pieces) take(piece);
      });
      take(partial);
      return lines;
    },
  };
}
