import { ScalegapError } from '../../core/errors.js';
import type { BatchJob, BatchJobsRepository } from '../../store/batch-jobs-repository.js';
import { resultKeyText, type ResultsRepository } from '../../store/results-repository.js';
import { sleep } from '../call-with-retries.js';
import { createProvider } from '../create-provider.js';
import { estimateRun } from '../estimate-run.js';
import type { RunEventListener } from '../events.js';
import type { ModelConfig, RunConfig } from '../load-config.js';
import { runHarness } from '../run-harness.js';
import type { BatchApi, BatchInfo, BatchJobRef } from './batch-api.js';
import { BATCH_PROVIDERS, batchSupportOf } from './batch-apis.js';
import type { BatchInputLine } from './batch-lines.js';
import { splitToLimits, type BatchLimits } from './batch-limits.js';
import { importBatch } from './import-batch.js';
import { planBatchUnits, type BatchUnit } from './plan-batch-units.js';
import type { Shard } from './shard.js';

/** What `runBatch` needs; the client factory and limits are there for tests. */
export interface BatchRunOptions {
  config: RunConfig;
  repository: ResultsRepository;
  jobs: BatchJobsRepository;
  resume?: boolean;
  pollIntervalMs: number;
  /** Opens a model's batch API (default: the one its provider declares, with the key from the environment). */
  openApi?: (model: ModelConfig) => BatchApi;
  limits?: Partial<BatchLimits>;
  /** No batch is submitted that could take the run's spend (stored, plus estimates of batches in flight) past this (USD). */
  costLimitUsd?: number;
  onEvent?: RunEventListener;
  onProgress?: (line: string) => void;
  /** Aborting stops polling; submitted batches keep running on the provider's side. */
  signal?: AbortSignal;
  /** Only this shard's share of the work (as `run --shard`). */
  shard?: Shard;
  /** Only the first `limit` items of each task (as `run --limit`). */
  limit?: number;
  /** Continue this stored run instead of the latest (as `run --run`). */
  runId?: number;
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

/**
 * Runs (or resumes) a measurement through the providers' batch APIs (those the providers declare:
 * OpenAI, Anthropic). Every step is committed before the next touches the provider: the job and its
 * custom-id map, then the staged input (OpenAI: the uploaded file id), then the batch id; a job
 * staged but whose batch id was never stored is looked up among the account's batches (see each
 * BatchApi's `findCreated`) before anything is created, so a request is never submitted twice.
 * Ended batches are downloaded and imported through the live scoring path; failed, expired or
 * cancelled lines stay to do, and `resume` submits only them.
 */
export async function runBatch(options: BatchRunOptions): Promise<BatchRunSummary> {
  const { config, repository, jobs } = options;
  const progress = (line: string): void => options.onProgress?.(line);
  const apis = new Map<string, BatchApi>();
  const apiFor = (model: ModelConfig): BatchApi => {
    let api = apis.get(model.id);
    if (!api) {
      api = options.openApi?.(model) ?? batchSupportOf(model)!.open(config.timeoutMs);
      apis.set(model.id, api);
    }
    return api;
  };
  // Probe the models (or restore them from the store) and store the tasks: no unit is sent live.
  const prepared = await runHarness({
    config, repository, resume: options.resume, runId: options.runId, limit: options.limit, include: () => false, createProvider: (model) => createProvider(model, { timeoutMs: config.timeoutMs }), onEvent: options.onEvent, signal: options.signal,
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
  const share = { providers: BATCH_PROVIDERS, shard: options.shard, limit: options.limit, runId };
  const plan = await planBatchUnits(config, repository, share);
  for (const skipped of plan.skippedModels) progress(`model ${skipped.modelId} is not measured by batch: ${skipped.reason}`);
  const groups = new Map<string, BatchUnit[]>();
  for (const unit of plan.units) {
    if (inFlight.has(resultKeyText(unit.key)) || unit.lines.length === 0) continue;
    const group = `${unit.key.modelId}\0${unit.lines[0]!.url}`;
    groups.set(group, [...(groups.get(group) ?? []), unit]);
  }
  const unitCostUsd = batchUnitCosts(config);
  const jobCostUsd = (modelId: string, units: number): number => units * (unitCostUsd.get(modelId) ?? 0);
  let committedUsd = repository.spentUsd(runId) + open.reduce((sum, job) => sum + jobCostUsd(job.modelId, new Set(jobs.lines(job.id).map((line) => resultKeyText(line.key))).size), 0);
  for (const [group, units] of groups) {
    const [modelId, endpoint] = group.split('\0') as [string, string];
    const limits = { ...batchSupportOf(modelOf(modelId))!.limits, ...options.limits };
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
      const finished = await advance(job, apiFor(modelOf(job.modelId)), options, summary, progress);
      if (!finished) still.push(jobs.getJob(job.id)!);
    }
    pending = still;
    if (pending.length === 0) break;
    progress(`batches: ${summary.submitted} submitted now, ${pending.length} in progress (${pending.map((job) => `${job.batchId ?? job.id}: ${job.providerStatus ?? job.state}`).join(', ')}); results imported: ${summary.imported}`);
    await sleep(interval, options.signal).catch(() => undefined);
    interval = Math.min(interval * 1.5, options.pollIntervalMs * 8);
  }
  const remaining = (await planBatchUnits(config, repository, share)).units.length;
  repository.setRunStatus(runId, remaining === 0 ? 'completed' : 'stopped');
  return { ...summary, status: remaining === 0 ? 'completed' : 'waiting' };
}

/** The most one unit of each model can cost at batch prices (the dry-run estimate per request); 0 without a price. */
function batchUnitCosts(config: RunConfig): Map<string, number> {
  const costs = new Map<string, number>();
  for (const estimate of estimateRun(config, undefined)) {
    const model = config.models.find((candidate) => candidate.id === estimate.modelId)!;
    if (estimate.costUsd !== null && estimate.requests > 0) costs.set(estimate.modelId, (estimate.costUsd / estimate.requests) * (batchSupportOf(model)?.limits.priceFactor ?? 1));
  }
  return costs;
}

/** The job as its batch API sees it: its staged reference and distinct request lines. */
function jobRef(job: BatchJob, jobs: BatchJobsRepository): BatchJobRef {
  const lines = [...new Map(jobs.lines(job.id).map((line) => [line.customId, JSON.parse(line.lineJson) as BatchInputLine])).values()];
  return { id: job.id, runId: job.runId, endpoint: job.endpoint, staged: job.inputFileId ?? '', lines };
}

/** Moves a job one step on (stage, create or re-attach, poll, import); true once it is done. */
async function advance(job: BatchJob, api: BatchApi, options: BatchRunOptions, summary: BatchRunSummary, progress: (line: string) => void): Promise<boolean> {
  const { jobs } = options;
  let current = job;
  const stagedNow = current.state === 'planned'; // then no batch can have been created from it yet
  if (stagedNow) {
    const staged = await api.stage(current, jobRef(current, jobs).lines, options.signal);
    jobs.update(current.id, { state: 'uploaded', inputFileId: staged });
    current = jobs.getJob(current.id)!;
  }
  if (current.state === 'uploaded') {
    // A batch created before a crash, whose id was never stored, is found first: never create a second one.
    const ref = jobRef(current, jobs);
    const claimed = new Set(jobs.jobs(current.runId).flatMap((other) => (other.batchId && other.id !== current.id ? [other.batchId] : [])));
    const existing = stagedNow ? undefined : await api.findCreated(ref, claimed, options.signal);
    if (existing === 'undecided') {
      progress(`job ${current.id}: several batches could be the one created before the crash; waiting until they end to tell by their results (nothing is submitted again)`);
      return false;
    }
    const batch = existing ?? (await api.create(ref, options.signal));
    if (!existing) summary.submitted++;
    jobs.update(current.id, { state: 'submitted', batchId: batch.id, providerStatus: batch.status });
    progress(`${existing ? 're-attached to' : 'submitted'} batch ${batch.id} (${ref.lines.length} requests, model ${current.modelId})`);
    return false;
  }
  const batch = await api.get(current.batchId!, options.signal);
  jobs.update(current.id, { providerStatus: batch.status });
  if (!batch.ended) return false;
  await importJob(current, batch, api, options, summary);
  jobs.update(current.id, { state: 'done' });
  if (batch.failure !== undefined) summary.failedBatches.push(`${batch.id}: ${batch.failure}`);
  progress(`batch ${batch.id} ${batch.status}: imported`);
  return true;
}

async function importJob(job: BatchJob, batch: BatchInfo, api: BatchApi, options: BatchRunOptions, summary: BatchRunSummary): Promise<void> {
  const outputs = await api.answers(batch, options.signal);
  const wanted = new Set(options.jobs.lines(job.id).map((line) => line.customId));
  for (const customId of outputs.keys()) if (!wanted.has(customId)) outputs.delete(customId);
  const model = options.config.models.find((candidate) => candidate.id === job.modelId)!;
  const priceFactor = batchSupportOf(model)?.limits.priceFactor;
  const imported = await importBatch({ config: options.config, repository: options.repository, outputs, onEvent: options.onEvent, priceFactor, providers: BATCH_PROVIDERS });
  summary.imported += imported.answered;
  summary.retryable += [...new Set(options.jobs.lines(job.id).map((line) => resultKeyText(line.key)))].length - imported.answered;
}
