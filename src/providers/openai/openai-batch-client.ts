import { z } from 'zod';
import { ProviderCallError } from '../spec.js';

/**
 * A Batch object as the API returns it (the fields scalegap reads), from the OpenAI API reference
 * (https://platform.openai.com/docs/api-reference/batch/object) and the SDK type
 * `src/openai/types/batch.py` of openai/openai-python@74eae1ede67819fe10de84f20d4e8cc6a036bedf.
 */
export const openAiBatchSchema = z.object({
  id: z.string(),
  status: z.enum(['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled']),
  input_file_id: z.string(),
  output_file_id: z.string().nullish(),
  error_file_id: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  request_counts: z.object({ total: z.number(), completed: z.number(), failed: z.number() }).nullish(),
  errors: z.object({ data: z.array(z.object({ message: z.string().nullish(), line: z.number().nullish() })).nullish() }).nullish(),
});

export type OpenAiBatch = z.infer<typeof openAiBatchSchema>;

/** Statuses after which a batch changes no more. */
export const TERMINAL_BATCH_STATUSES: ReadonlySet<OpenAiBatch['status']> = new Set(['failed', 'completed', 'expired', 'cancelled']);

const listSchema = z.object({ data: z.array(openAiBatchSchema), has_more: z.boolean().optional(), last_id: z.string().nullish() });

/** The Files and Batches endpoints of an OpenAI-compatible API (keys only in the Authorization header). */
export interface OpenAiBatchClient {
  uploadBatchFile(name: string, jsonl: string, signal?: AbortSignal): Promise<string>;
  createBatch(inputFileId: string, endpoint: string, metadata: Record<string, string>, signal?: AbortSignal): Promise<OpenAiBatch>;
  getBatch(batchId: string, signal?: AbortSignal): Promise<OpenAiBatch>;
  /** Every batch of the account, newest first (pages followed). */
  listBatches(signal?: AbortSignal): Promise<OpenAiBatch[]>;
  fileContent(fileId: string, signal?: AbortSignal): Promise<string>;
}

/** A client for `baseURL` (with its `/v1`); `apiKey` '' sends no key. */
export function createOpenAiBatchClient(baseURL: string, apiKey: string, timeoutMs: number): OpenAiBatchClient {
  const call = async (path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (apiKey !== '') headers.set('authorization', `Bearer ${apiKey}`);
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(`${baseURL}${path}`, { ...init, headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      const retryable = response.status === 429 || response.status >= 500;
      throw new ProviderCallError(`${init.method ?? 'GET'} ${path}: HTTP ${response.status} ${text.slice(0, 200).replaceAll(apiKey || '\0', '[key]')}`, { status: response.status, isRetryable: retryable });
    }
    return response;
  };
  const json = async <T>(schema: z.ZodType<T>, path: string, init: RequestInit, signal?: AbortSignal): Promise<T> => {
    const parsed = schema.safeParse(await (await call(path, init, signal)).json());
    if (!parsed.success) throw new ProviderCallError(`${path}: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`, { isRetryable: false });
    return parsed.data;
  };
  return {
    uploadBatchFile: async (name, jsonl, signal) => {
      const form = new FormData();
      form.set('purpose', 'batch');
      form.set('file', new Blob([jsonl], { type: 'application/jsonl' }), name);
      return (await json(z.object({ id: z.string() }), '/files', { method: 'POST', body: form }, signal)).id;
    },
    createBatch: (inputFileId, endpoint, metadata, signal) => json(openAiBatchSchema, '/batches', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input_file_id: inputFileId, endpoint, completion_window: '24h', metadata }),
    }, signal),
    getBatch: (batchId, signal) => json(openAiBatchSchema, `/batches/${encodeURIComponent(batchId)}`, { method: 'GET' }, signal),
    listBatches: async (signal) => {
      const all: OpenAiBatch[] = [];
      let after: string | null | undefined;
      for (;;) {
        const page = await json(listSchema, `/batches?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`, { method: 'GET' }, signal);
        all.push(...page.data);
        if (!page.has_more || page.data.length === 0) return all;
        after = page.last_id ?? page.data.at(-1)!.id;
      }
    },
    fileContent: async (fileId, signal) => (await call(`/files/${encodeURIComponent(fileId)}/content`, { method: 'GET' }, signal)).text(),
  };
}
