import { setMaxListeners } from 'node:events';
import type { ModelProvider } from '../providers/spec.js';
import { sendRequest, unitCacheKey } from './send-request.js';
import { emptyResultRow, type ResultKey, type ResultRow } from '../store/result-row.js';
import { resultKeyText, type CacheEntry, type ResultsRepository, type RunRecord } from '../store/results-repository.js';
import { markInterruptedRuns, RunLease } from '../store/run-lease.js';
import { storeError } from '../store/store-error.js';
import { redactSecrets, redactSecretsDeep } from '../core/redact-secrets.js';
import { stripUrlCredentials } from '../core/strip-url-credentials.js';
import { configuredSecrets } from './configured-secrets.js';
import { checkResume, modelSettingsJson, selectRunToResume } from './check-resume.js';
import { limitItems } from '../tasks/variants/limit-items.js';
import { buildRequest } from './build-request.js';
import { callWithRetries, sleep, type RetryPolicy } from './call-with-retries.js';
import type { MeasuredMethod } from './choose-method.js';
import type { RunEvent, RunEventListener, RunSummary } from './events.js';
import { BadResponseError, interpretResponse } from './interpret-response.js';
import type { ModelConfig, RunConfig } from './load-config.js';
import { probeModels, saveLearnedSettings, type ModelSetup } from './probe-models.js';
import { ProviderLane } from './provider-lane.js';
import { planModelUnits, samplesFor, selectItems, type WorkUnit } from './work-unit.js';
import { inShard, type Shard } from './batch/shard.js';
import { TimedBatch } from './timed-batch.js';

/** What `runHarness` needs; everything but config, repository and createProvider has a default. */
export interface HarnessOptions {
  config: RunConfig;
  repository: ResultsRepository;
  createProvider: (model: ModelConfig) => ModelProvider;
  /** Continue the latest run in the store instead of starting a new one. */
  resume?: boolean;
  /** Continue the latest run and send again the requests that ended in an error. */
  retryErrors?: boolean;
  /** Continue this run (implies resume) instead of the newest one made with this config file. */
  runId?: number;
  /** Only the first N items of each task. */
  limit?: number;
  /** Overrides the config's concurrency. */
  concurrency?: number;
  /** Stop starting requests once this much (USD) has been spent in the run. */
  costLimitUsd?: number;
  onEvent?: RunEventListener;
  /** Aborting it (Ctrl-C) stops the run at once: requests in flight are cancelled and left for --resume. */
  signal?: AbortSignal;
  retryPolicy?: Partial<RetryPolicy>;
  /** Only this deterministic share of the (model, item, sample) work (`--shard i/N`). */
  shard?: Shard;
  /** Only the units this accepts (import-batch: those whose answers the batch output holds). */
  include?: (key: ResultKey) => boolean;
  /** Multiplies the config's prices (0.5 for answers that came from a provider batch). */
  priceFactor?: number;
  /** API keys to redact, in every form, from all the run stores and emits (URL credentials are added). */
  secrets?: string[];
}

function costOf(model: ModelConfig, inputTokens: number | null, outputTokens: number | null): number | null {
  if (!model.price || inputTokens === null) return null;
  return (inputTokens * model.price.inputPerMTok + (outputTokens ?? 0) * model.price.outputPerMTok) / 1e6;
}

/** The config as stored with a run: file paths and settings, never API keys (the config has none). */
function configJson(config: RunConfig): string {
  const { tasks: _tasks, ...rest } = config;
  return JSON.stringify(rest);
}

/**
 * Runs (or resumes) a measurement: probes each model, plans models × items × samples, sends what
 * is not stored yet through per-endpoint lanes with retries and adaptive concurrency, and stores
 * results as they arrive (those of a few milliseconds in one transaction). Emits events; prints nothing.
 */
export async function runHarness(options: HarnessOptions): Promise<RunSummary> {
  const { config, repository } = options;
  const continuing = options.resume === true || options.retryErrors === true || options.runId !== undefined;
  const interruptedRuns = markInterruptedRuns(repository.db);
  const previous = continuing ? selectRunToResume(repository, config, options.runId) : undefined;
  // a new run is created together with its lease, so that no other process takes it for a killed one
  const lease = repository.db.transaction(() => RunLease.acquire(repository.db, previous?.id ?? repository.createRun(config.file, configJson(config))))();
  try {
    return await measure(options, lease.runId, previous, interruptedRuns);
  } finally {
    lease.release();
  }
}

async function measure(options: HarnessOptions, runId: number, previous: RunRecord | undefined, interruptedRuns: number[]): Promise<RunSummary> {
  const { config, repository } = options;
  const secrets = [...new Set([...(options.secrets ?? []), ...configuredSecrets(config)])];
  const emit = (event: RunEvent): void => options.onEvent?.(redactSecretsDeep(event, secrets));
  const startedMs = performance.now();
  const policy: RetryPolicy = {
    retries: config.retries, baseDelayMs: 250, maxDelayMs: 20_000, timeoutMs: config.timeoutMs, random: Math.random, sleep,
    ...options.retryPolicy,
  };
  const changes = previous ? checkResume(repository, previous, config) : { edited: [], removed: [] };
  repository.forgetItems(runId, [...changes.edited, ...changes.removed]);
  if (previous) repository.setRunStatus(runId, 'running', configJson(config), config.file);
  for (const model of config.models) {
    repository.saveModel(runId, {
      modelId: model.id, provider: model.provider, model: model.model, params: model.params, family: model.family,
      baseUrl: model.baseUrl ?? null, method: null, capabilitiesJson: null, settingsJson: modelSettingsJson(model),
    });
  }
  const items = selectItems(config.tasks, options.limit);
  repository.saveTasks(runId, config.tasks.map((task) => ({ ...task, items: limitItems(task.items, options.limit) })));
  // --retry-errors sends failed requests again; their error rows stay until a new result replaces them
  const done = repository.resultKeys(runId, { includeErrors: options.retryErrors !== true });
  emit({
    type: 'run-start', runId, resumed: previous !== undefined, models: config.models.length, items: items.length, alreadyDone: done.size,
    remeasured: changes.edited.length, dropped: changes.removed.length, interruptedRuns,
  });

  const stop = new AbortController();
  // Ctrl-C: one signal of our own that every request in flight listens to (no listener limit: one per request)
  const interrupt = new AbortController();
  setMaxListeners(0, stop.signal, interrupt.signal);
  let stopReason: string | null = null;
  const stopRun = (reason: string): void => {
    if (stopReason !== null) return;
    stopReason = reason;
    stop.abort();
    for (const lane of lanes.values()) lane.stop();
  };
  const lanes = new Map<string, ProviderLane>();
  let laneStopReason: string | null = null;
  const stopLane = (lane: ProviderLane, modelId: string, reason: string): void => {
    const left = lane.stop();
    const message = `${lane.name} stopped: ${reason}`;
    laneStopReason ??= message;
    emit({ type: 'lane-stopped', lane: lane.name, modelId, reason, left });
  };
  options.signal?.addEventListener('abort', () => {
    interrupt.abort();
    stopRun('interrupted');
  }, { once: true });

  const setups = await probeModels({ ...options, runId, policy, emit, stop: stop.signal });
  let spentUsd = repository.spentUsd(runId);
  const counts = { scored: 0, errors: 0, cached: 0, requestsSent: 0, total: 0, todo: 0, finished: 0 };

  let storeFailure: unknown;
  // The results of a few milliseconds are stored in one transaction, then announced.
  const results = new TimedBatch<{ unit: WorkUnit; row: ResultRow; cache: CacheEntry | undefined }>((entries) => {
    if (storeFailure !== undefined) return;
    try {
      repository.writeResults(runId, entries.map(({ row, cache }) => ({
        row: redactSecretsDeep(row, secrets), cache: cache && { ...cache, responseJson: redactSecrets(cache.responseJson, secrets) },
      })));
    } catch (error) {
      storeFailure = error; // a full disk: stop sending; what is stored stays, --resume continues
      stopRun('the store cannot be written');
      return;
    }
    for (const { unit, row } of entries) {
      counts.finished++;
      if (row.status === 'ok') counts.scored++;
      else counts.errors++;
      if (row.cached) counts.cached++;
      emit({
        type: 'result', modelId: unit.modelId, task: unit.task, itemId: unit.item.id, sample: unit.sample, status: row.status,
        correct: row.correct, cached: row.cached, costUsd: row.cached ? 0 : (row.costUsd ?? 0), errorReason: row.errorReason,
      });
    }
  });
  const record = (unit: WorkUnit, row: ResultRow, cache?: CacheEntry): void => {
    if (storeFailure !== undefined) return;
    results.add({ unit, row, cache });
    // spending is counted at once, so that the cost limit stops the lanes before they start another request
    spentUsd += row.cached ? 0 : (row.costUsd ?? 0);
    if (options.costLimitUsd !== undefined && spentUsd >= options.costLimitUsd) {
      if (stopReason === null) emit({ type: 'cost-limit', spentUsd, limitUsd: options.costLimitUsd });
      stopRun(`cost limit of $${options.costLimitUsd} reached`);
    }
  };

  const runUnit = async (setup: ModelSetup, lane: ProviderLane, unit: WorkUnit): Promise<void> => {
    if (stop.signal.aborted) return;
    const key = { modelId: unit.modelId, task: unit.task, itemId: unit.item.id, sample: unit.sample };
    if (setup.kind === 'failed') return record(unit, { ...emptyResultRow(key, 'error'), errorReason: setup.reason });
    const method: MeasuredMethod = setup.method;
    const request = buildRequest(method, unit.item, unit.sample);
    const model = setup.model;
    const cacheKey = unitCacheKey(model, request);
    const cachedJson = repository.getCachedResponse(cacheKey);
    let response: unknown;
    let row: ResultRow = emptyResultRow(key, 'ok');
    if (cachedJson !== undefined) {
      response = JSON.parse(cachedJson);
      row.cached = true;
    } else {
      const started = performance.now();
      const outcome = await callWithRetries((signal) => {
        counts.requestsSent++;
        return sendRequest(setup.provider, request, signal);
      }, policy, {
        stop: stop.signal,
        abort: interrupt.signal,
        onFailure: (failure, attempt, delayMs) => {
          if (failure.rateLimited) lane.rateLimited();
          if (delayMs !== null) emit({ type: 'retry', modelId: unit.modelId, itemId: unit.item.id, attempt, delayMs, reason: failure.reason });
        },
      });
      row.latencyMs = performance.now() - started;
      row.attempts = outcome.attempts;
      if (!outcome.ok) {
        if (stop.signal.aborted && outcome.failure.retryable) return; // left for --resume
        record(unit, { ...row, status: 'error', method: null, errorReason: outcome.failure.reason });
        // A quota or spend limit: no retry and no further request to this endpoint can succeed; what is queued stays for --resume.
        if (outcome.failure.stopsLane) stopLane(lane, unit.modelId, outcome.failure.reason);
        return;
      }
      lane.succeeded();
      response = outcome.value;
      const usage = (response as { usage?: { inputTokens?: number; outputTokens?: number } } | null)?.usage;
      row.inputTokens = typeof usage?.inputTokens === 'number' ? usage.inputTokens : null;
      row.outputTokens = typeof usage?.outputTokens === 'number' ? usage.outputTokens : null;
      const cost = costOf(model, row.inputTokens, row.outputTokens);
      row.costUsd = cost === null ? null : cost * (options.priceFactor ?? 1);
    }
    try {
      row = { ...row, ...interpretResponse(method, unit.item, request, response) };
    } catch (error) {
      const reason = error instanceof BadResponseError ? `bad response: ${error.message}` : `cannot score the response: ${String(error)}`;
      return record(unit, { ...row, status: 'error', errorReason: reason });
    }
    record(unit, row, { key: cacheKey, kind: request.kind, responseJson: JSON.stringify(response) });
  };

  for (const setup of setups) {
    const units = planModelUnits(setup.model.id, items, setup.kind === 'ready' ? samplesFor(setup.method, config.samples) : 1)
      .filter((unit) => {
        const key = { modelId: unit.modelId, task: unit.task, itemId: unit.item.id, sample: unit.sample };
        return inShard(key, options.shard) && (options.include?.(key) ?? true);
      });
    const todo = units.filter((unit) => !done.has(resultKeyText({ modelId: unit.modelId, task: unit.task, itemId: unit.item.id, sample: unit.sample })));
    counts.total += units.length;
    counts.todo += todo.length;
    const local = setup.model.baseUrl === undefined;
    const laneName = setup.model.concurrency !== undefined || local ? `model ${setup.model.id}` : `${setup.model.provider} ${stripUrlCredentials(setup.model.baseUrl ?? '')}`;
    let lane = lanes.get(laneName);
    if (!lane) {
      const max = setup.model.concurrency ?? (local ? 1 : (options.concurrency ?? config.concurrency));
      lane = new ProviderLane(laneName, max, (limit, reason) => emit({ type: 'concurrency', lane: laneName, limit, reason }));
      lanes.set(laneName, lane);
    }
    const target = lane;
    for (const unit of todo) {
      target.push(() => runUnit(setup, target, unit).catch((error: unknown) => {
        record(unit, { ...emptyResultRow({ modelId: unit.modelId, task: unit.task, itemId: unit.item.id, sample: unit.sample }, 'error'), errorReason: `internal error: ${String(error)}` });
      }));
    }
  }
  emit({ type: 'planned', total: counts.total, todo: counts.todo });
  if (stop.signal.aborted) for (const lane of lanes.values()) lane.stop();
  await Promise.all([...lanes.values()].map((lane) => lane.idle()));
  results.flush();
  for (const setup of setups) saveLearnedSettings(repository, runId, setup);
  await Promise.all(setups.map((setup) => (setup.kind === 'ready' ? setup.provider.close?.().catch(() => {}) : undefined)));

  if (storeFailure !== undefined) throw storeError(config.store, storeFailure);
  const remaining = counts.todo - counts.finished;
  const status = remaining > 0 ? 'stopped' : 'completed';
  repository.setRunStatus(runId, status);
  const summary: RunSummary = {
    runId, status, stopReason: remaining > 0 ? (stopReason ?? laneStopReason ?? 'stopped') : null, scored: counts.scored, errors: counts.errors,
    cached: counts.cached, remaining, spentUsd, requestsSent: counts.requestsSent, elapsedMs: performance.now() - startedMs,
  };
  emit({ type: 'run-end', summary });
  return summary;
}
