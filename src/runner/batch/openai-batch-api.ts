import { TERMINAL_BATCH_STATUSES, type OpenAiBatch, type OpenAiBatchClient } from '../../providers/openai/openai-batch-client.js';
import type { BatchApi, BatchInfo } from './batch-api.js';
import { parseBatchOutputs } from './batch-files.js';
import type { BatchOutputLine } from './batch-lines.js';

/** An answer that another submission may still give: rate limits, server errors, and lines a batch never reached. */
function retryableFailure(line: BatchOutputLine): boolean {
  const status = line.response?.status_code;
  const code = (line.error as { code?: unknown } | null | undefined)?.code;
  if (code === 'batch_expired' || code === 'batch_cancelled') return true;
  return status === undefined || status === 429 || status >= 500;
}

function infoOf(batch: OpenAiBatch): BatchInfo {
  const failure = batch.status === 'failed' ? (batch.errors?.data?.map((error) => error.message).join('; ') ?? 'failed') : undefined;
  return {
    id: batch.id, status: batch.status, ended: TERMINAL_BATCH_STATUSES.has(batch.status),
    resultRefs: [batch.output_file_id, batch.error_file_id].filter((id): id is string => typeof id === 'string' && id !== ''),
    ...(failure !== undefined ? { failure } : {}),
  };
}

/**
 * OpenAI's Batch API: the lines are uploaded as a file first, and a batch created before a crash is
 * found among the account's batches by that input file id.
 */
export function openAiBatchApi(client: OpenAiBatchClient): BatchApi {
  return {
    stage: (job, lines, signal) => client.uploadBatchFile(`scalegap-run${job.runId}-job${job.id}.jsonl`, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`, signal),
    findCreated: async (job, _claimed, signal) => {
      const found = (await client.listBatches(signal)).find((batch) => batch.input_file_id === job.staged);
      return found ? infoOf(found) : undefined;
    },
    create: async (job, signal) => infoOf(await client.createBatch(job.staged, job.endpoint, { scalegap_job: String(job.id) }, signal)),
    get: async (batchId, signal) => infoOf(await client.getBatch(batchId, signal)),
    answers: async (batch, signal) => {
      const texts: Array<{ file: string; text: string }> = [];
      for (const fileId of batch.resultRefs) texts.push({ file: `${batch.id} file ${fileId}`, text: await client.fileContent(fileId, signal) });
      const outputs = parseBatchOutputs(texts);
      for (const [customId, line] of outputs) if (line.response?.status_code !== 200 && retryableFailure(line)) outputs.delete(customId);
      return outputs;
    },
  };
}
