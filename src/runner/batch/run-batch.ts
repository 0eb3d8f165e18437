import { ScalegapError } from '../../core/errors.js';
import { createOpenAiBatchClient, TERMINAL_BATCH_STATUSES, type OpenAiBatch, type OpenAiBatchClient } from '../../providers/openai/openai-batch-client.js';
import type { BatchJob, BatchJobsRepository } from '../../store/batch-jobs-repository.js';
import { resultKeyText, type ResultsRepository } from '../../store/results-repository.js';
import { sleep } from '../call-with-retries.js';
import { createProvider } from '../create-provider.js';
import { estimateRun } from '../estimate-run.js';
import type { RunEventListener } from '../events.js';
import type { ModelConfig, RunConfig } from '../load-config.js';
import { runHarness } from '../run-harness.js';
import { parseBatchOutputs } from './batch-files.js';
import type { BatchOutputLine } from './batch-lines.js';
import { BATCH_LIMITS, splitToLimits, type BatchLimits } from './batch-limits.js';
import { importBatch } from './import-batch.js';
import { planBatchUnits, type BatchUnit } from './plan-batch-units.js';

/** What `runBatch` needs; the client factory and limits are there for tests. */
export interface BatchRunOptions {
  config: RunConfig;
  repository: ResultsRepository;
  jobs: BatchJobsRepository;
  resume?: boolean;
  pollIntervalMs: number;
  createClient?: (model: ModelConfig) => OpenAiBatchClient;
  limits?: Partial<BatchLimits>;
  /** No batch is submitted that could take the run's spend (stored, plus estimates of batches in flight) past this (USD). */
  costLimitUsd?: number;
  onEvent?: RunEventListener;
  onProgress?: (line: string) => void;
  /** Aborting stops polling; submitted batches keep running on the provider's side. */
  signal?: AbortSignal;
}

/** The outcome of a batch run (this invocation). */
export interface BatchRunSummary {
  runId: number;
  status: 'completed' | 'waiting' | 'interrupted';
  submitted: number;
  imported: number;
  /** Units whose lines failed or expired (retryable): `--resume` submits them again. */
  retryable: number;
  /** Units not submitted because their batch could pass `costLimitUsd`. */
  overCostLimit: number;
  failedBatches: string[];
}

/** An answer that another submission may still give: rate limits, server errors, and lines a batch never reached. */
function retryableFailure(line: BatchOutputLine): boolean {
  const status = line.response?.status_code;
  const code = (line.error as { code?: unknown } | null | undefined)?.code;
  if (code === 'batch_expired' || code === 'batch_cancelled') return true;
  return status === undefined || status === 429 || status >= 500;
}

function defaultClient(config: RunConfig): (model: ModelConfig) => OpenAiBatchClient {
  return (model) => createOpenAiBatchClient(model.baseUrl!, model.apiKeyEnv === undefined ? '' : (process.env[model.apiKeyEnv] ?? ''), config.timeoutMs);
}

/**
 * Runs (or resumes) a measurement through OpenAI's Batch API. Every step is committed before the
 * next touches the provider: the job and its custom-id map, then the uploaded file id, then the
 * batch id; a job whose file was uploaded but whose batch id was never stored is looked up among
 * the account's batches by its input file before anything is created, so a request is never
 * submitted twice. Finished batches are downloaded and imported through the live scoring path;
 * failed or expired lines stay to do, and `resume` submits only them.
 */
export async function runBatch(options: BatchRunOptions): Promise<BatchRunSummary> {
  const { config, repository, jobs } = options;
  const progress = (line: string): void => options.onProgress?.(line);
  const clientFor = options.createClient ?? defaultClient(config);
  // Probe the models (or restore them from the store) and store the tasks: no unit is sent live.
  const prepared = await runHarness({
    config, repository, resume: options.resume, include: () => false, createProvider: (model) => createProvider(model, { timeoutMs: config.timeoutMs }), onEvent: options.onEvent, signal: options.signal,
  });
  const runId = prepared.runId;
  repository.setRunStatus(runId, 'running');
  const summary: BatchRunSummary = { runId, status: 'completed', submitted: 0, imported: 0, retryable: 0, overCostLimit: 0, failedBatches: [] };
  const modelOf = (id: string): ModelConfig => {
    const model = config.models.find((candidate) => candidate.id === id);
    if (!model) throw new ScalegapError('CONFIG_INVALID', `the store has a batch for model ${id}, which the config no longer has`);
    return model;
  };

  const open = jobs.jobs(runId).filter((job) => job.state !== 'done');
  const inFlight = new Set(open.flatMap((job) => jobs.lines(job.id).map((line) => resultKeyText(line.key))));
  const plan = await planBatchUnits(config, repository);
  for (const skipped of plan.skippedModels) progress(`model ${skipped.modelId} is not measured by batch: ${skipped.reason}`);
  const groups = new Map<string, BatchUnit[]>();
  for (const unit of plan.units) {
    if (inFlight.has(resultKeyText(unit.key)) || unit.lines.length === 0 || !BATCH_LIMITS[modelOf(unit.key.modelId).provider]) continue;
    const group = `${unit.key.modelId}\0${unit.lines[0]!.url}`;
    groups.set(group, [...(groups.get(group) ?? []), unit]);
  }
  const unitCostUsd = batchUnitCosts(config);
  const jobCostUsd = (modelId: string, units: number): number => units * (unitCostUsd.get(modelId) ?? 0);
  let committedUsd = repository.spentUsd(runId) + open.reduce((sum, job) => sum + jobCostUsd(job.modelId, new Set(jobs.lines(job.id).map((line) => resultKeyText(line.key))).size), 0);
  for (const [group, units] of groups) {
    const [modelId, endpoint] = group.split('\0') as [string, string];
    const limits = { ...BATCH_LIMITS[modelOf(modelId).provider]!, ...options.limits };
    const chunks = splitToLimits(units.map((unit) => ({ unit, text: unit.lines.map((line) => JSON.stringify(line)).join('\n') })), limits);
    for (const chunk of chunks) {
      const costUsd = jobCostUsd(modelId, chunk.length);
      if (options.costLimitUsd !== undefined && committedUsd + costUsd > options.costLimitUsd) {
        summary.overCostLimit += chunk.length;
        continue;
      }
      committedUsd += costUsd;
      const lines = chunk.flatMap(({ unit }) => unit.lines.map((line) => ({ customId: line.custom_id, key: unit.key, lineJson: JSON.stringify(line) })));
      open.push(jobs.getJob(jobs.createJob(runId, modelId, endpoint, lines))!);
    }
  }

  let interval = options.pollIntervalMs;
  let pending = open;
  while (pending.length > 0) {
    if (options.signal?.aborted) return { ...summary, status: 'interrupted' };
    const still: BatchJob[] = [];
    for (const job of pending) {
      const finished = await advance(job, clientFor(modelOf(job.modelId)), options, summary, progress);
      if (!finished) still.push(jobs.getJob(job.id)!);
    }
    pending = still;
    if (pending.length === 0) break;
    progress(`batches: ${summary.submitted} submitted now, ${pending.length} in progress (${pending.map((job) => `${job.batchId ?? job.id}: ${job.providerStatus ?? job.state}`).join(', ')}); results imported: ${summary.imported}`);
    await sleep(interval, options.signal).catch(() => undefined);
    interval = Math.min(interval * 1.5, options.pollIntervalMs * 8);
  }
  const remaining = (await planBatchUnits(config, repository)).units.length;
  repository.setRunStatus(runId, remaining === 0 ? 'completed' : 'stopped');
  return { ...summary, status: remaining === 0 ? 'completed' : 'waiting' };
}

/** The most one unit of each model can cost at batch prices (the dry-run estimate per request); 0 without a price. */
function batchUnitCosts(config: RunConfig): Map<string, number> {
  const costs = new Map<string, number>();
  for (const estimate of estimateRun(config, undefined)) {
    const provider = config.models.find((model) => model.id === estimate.modelId)!.provider;
    if (estimate.costUsd !== null && estimate.requests > 0) costs.set(estimate.modelId, (estimate.costUsd / estimate.requests) * (BATCH_LIMITS[provider]?.priceFactor ?? 1));
  }
  return costs;
}

/** Moves a job one step on (upload, submit or re-attach, poll, import); true once it is done. */
async function advance(job: BatchJob, client: OpenAiBatchClient, options: BatchRunOptions, summary: BatchRunSummary, progress: (line: string) => void): Promise<boolean> {
  const { jobs } = options;
  let current = job;
  if (current.state === 'planned') {
    const distinct = [...new Map(jobs.lines(current.id).map((line) => [line.customId, line.lineJson])).values()];
    const fileId = await client.uploadBatchFile(`scalegap-run${current.runId}-job${current.id}.jsonl`, `${distinct.join('\n')}\n`, options.signal);
    jobs.update(current.id, { state: 'uploaded', inputFileId: fileId });
    current = jobs.getJob(current.id)!;
  }
  if (current.state === 'uploaded') {
    // A batch created before a crash, whose id was never stored, is found by its input file: never create a second one.
    const existing = (await client.listBatches(options.signal)).find((batch) => batch.input_file_id === current.inputFileId);
    const batch = existing ?? (await client.createBatch(current.inputFileId!, current.endpoint, { scalegap_job: String(current.id) }, options.signal));
    if (!existing) summary.submitted++;
    jobs.update(current.id, { state: 'submitted', batchId: batch.id, providerStatus: batch.status });
    progress(`${existing ? 're-attached to' : 'submitted'} batch ${batch.id} (${jobs.lines(current.id).length} lines, model ${current.modelId})`);
    return false;
  }
  const batch = await client.getBatch(current.batchId!, options.signal);
  jobs.update(current.id, { providerStatus: batch.status });
  if (!TERMINAL_BATCH_STATUSES.has(batch.status)) return false;
  await importJob(current, batch, client, options, summary);
  jobs.update(current.id, { state: 'done' });
  if (batch.status === 'failed') summary.failedBatches.push(`${batch.id}: ${batch.errors?.data?.map((error) => error.message).join('; ') ?? 'failed'}`);
  progress(`batch ${batch.id} ${batch.status}: imported`);
  return true;
}

async function importJob(job: BatchJob, batch: OpenAiBatch, client: OpenAiBatchClient, options: BatchRunOptions, summary: BatchRunSummary): Promise<void> {
  const texts: Array<{ file: string; text: string }> = [];
  for (const fileId of [batch.output_file_id, batch.error_file_id]) {
    if (fileId) texts.push({ file: `${batch.id} file ${fileId}`, text: await client.fileContent(fileId, options.signal) });
  }
  const outputs = parseBatchOutputs(texts);
  for (const [customId, line] of outputs) if (line.response?.status_code !== 200 && retryableFailure(line)) outputs.delete(customId);
  const wanted = new Set(options.jobs.lines(job.id).map((line) => line.customId));
  for (const customId of outputs.keys()) if (!wanted.has(customId)) outputs.delete(customId);
  const provider = options.config.models.find((model) => model.id === job.modelId)!.provider;
  const priceFactor = BATCH_LIMITS[provider]?.priceFactor;
  const imported = await importBatch({ config: options.config, repository: options.repository, outputs, onEvent: options.onEvent, priceFactor });
  summary.imported += imported.answered;
  summary.retryable += [...new Set(options.jobs.lines(job.id).map((line) => resultKeyText(line.key)))].length - imported.answered;
}
