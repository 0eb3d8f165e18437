import { requestTotal, type AnthropicBatchClient, type MessageBatch, type MessageBatchResultLine } from '../../providers/anthropic/anthropic-batch-client.js';
import { ProviderCallError } from '../../providers/spec.js';
import type { BatchApi, BatchInfo, BatchJobRef } from './batch-api.js';
import type { BatchOutputLine } from './batch-lines.js';

/**
 * The HTTP status a live request gets with each error type (https://docs.claude.com/en/api/errors:
 * 400 invalid_request_error, 401 authentication_error, 403 permission_error, 404 not_found_error,
 * 413 request_too_large, 429 rate_limit_error, 500 api_error, 529 overloaded_error). An errored
 * batch line is replayed with it, so the live provider code classifies it as it would a live answer.
 */
const ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400, authentication_error: 401, permission_error: 403, not_found_error: 404,
  request_too_large: 413, rate_limit_error: 429, api_error: 500, overloaded_error: 529,
};

/** How long before the start of a create a batch found after a crash may have been made (clock skew between us and the API). */
const CLOCK_SKEW_MS = 10 * 60_000;

/** The reference a job is staged with: no upload, only its request count and when its create began (a crashed create's batch is found by them). */
function stagedRef(count: number): string {
  return `message-batch:${count}:${new Date().toISOString()}`;
}

function parseStaged(staged: string): { count: number; sinceMs: number } {
  const [, count, since] = /^message-batch:(\d+):(.+)$/.exec(staged) ?? [];
  return { count: Number(count), sinceMs: Date.parse(since ?? '') };
}

function infoOf(batch: MessageBatch): BatchInfo {
  return { id: batch.id, status: batch.processing_status, ended: batch.processing_status === 'ended', resultRefs: batch.results_url ? [batch.results_url] : [] };
}

/** A result line in the output-line form the replay reads; undefined for lines another submission may answer. */
function outputOf(line: MessageBatchResultLine): BatchOutputLine | undefined {
  const result = line.result;
  if (result.type === 'succeeded') return { custom_id: line.custom_id, response: { status_code: 200, body: result.message } };
  if (result.type !== 'errored') return undefined; // canceled, expired: never run
  const status = ERROR_STATUS[result.error.error.type] ?? 500;
  if (status === 429 || status >= 500) return undefined;
  return { custom_id: line.custom_id, response: { status_code: status, body: result.error }, error: result.error };
}

/**
 * Anthropic's Message Batches API: one create with every request (`{custom_id, params}`, params
 * being the live request body), no input file. A batch carries neither metadata nor its custom ids
 * until it has ended, so a batch created by a create whose answer was lost is found among the
 * account's batches by what it does carry: created since that create began (less clock skew), with
 * the job's request count, and held by no other job. An ended one is taken only when its results
 * hold exactly the job's custom ids; one still running is taken when it is the only one; while
 * several are running, nothing is created until they end and their results tell. A batch taken
 * wrongly (another client's, same count, same minutes) costs nothing twice: its answers match none
 * of the job's custom ids, so the job's lines stay to do.
 */
export function anthropicBatchApi(client: AnthropicBatchClient): BatchApi {
  const sameIds = async (batch: MessageBatch, job: BatchJobRef, signal?: AbortSignal): Promise<boolean> => {
    if (!batch.results_url) return false;
    const ids = new Set((await client.results(batch.id, batch.results_url, signal)).map((line) => line.custom_id));
    return ids.size === job.lines.length && job.lines.every((line) => ids.has(line.custom_id));
  };
  return {
    stage: (_job, lines) => Promise.resolve(stagedRef(lines.length)),
    findCreated: async (job, claimed, signal) => {
      const { count, sinceMs } = parseStaged(job.staged);
      const after = (batch: MessageBatch): boolean => Date.parse(batch.created_at) >= sinceMs - CLOCK_SKEW_MS;
      const listed = await client.list((page) => !page.every(after), signal);
      const candidates = listed.filter((batch) => after(batch) && requestTotal(batch) === count && !claimed.has(batch.id));
      // An ended candidate shows its custom ids; of those still running, one alone is taken, several wait.
      for (const batch of candidates) if (batch.processing_status === 'ended' && (await sameIds(batch, job, signal))) return infoOf(batch);
      const running = candidates.filter((batch) => batch.processing_status !== 'ended');
      if (running.length > 1) return 'undecided';
      return running[0] ? infoOf(running[0]) : undefined;
    },
    create: async (job, signal) => infoOf(await client.create(job.lines.map((line) => ({ custom_id: line.custom_id, params: line.body })), signal)),
    get: async (batchId, signal) => infoOf(await client.retrieve(batchId, signal)),
    answers: async (batch, signal) => {
      const outputs = new Map<string, BatchOutputLine>();
      const [resultsUrl] = batch.resultRefs;
      if (resultsUrl === undefined) throw new ProviderCallError(`batch ${batch.id} has ended without a results_url`, { isRetryable: true });
      for (const line of await client.results(batch.id, resultsUrl, signal)) {
        const output = outputOf(line);
        if (output) outputs.set(line.custom_id, output);
      }
      return outputs;
    },
  };
}
