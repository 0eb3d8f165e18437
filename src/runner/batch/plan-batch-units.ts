import { ScalegapError } from '../../core/errors.js';
import type { ModelProvider } from '../../providers/spec.js';
import type { ResultKey } from '../../store/result-row.js';
import { resultKeyText, type ResultsRepository } from '../../store/results-repository.js';
import { buildRequest } from '../build-request.js';
import { createProvider } from '../create-provider.js';
import type { MeasuredMethod } from '../choose-method.js';
import type { ModelConfig, RunConfig } from '../load-config.js';
import { knownCapabilities, parseProbeRecord } from '../probe-record.js';
import { sendRequest, unitCacheKey } from '../send-request.js';
import { planModelUnits, samplesFor, selectItems } from '../work-unit.js';
import type { BatchInputLine } from './batch-lines.js';
import { recordingFetch } from './batch-exchange.js';
import { inShard, type Shard } from './shard.js';

/** Providers whose requests an OpenAI-batch file can carry (they speak the OpenAI HTTP API). */
export const OPENAI_BATCH_PROVIDERS: ReadonlyArray<ModelConfig['provider']> = ['openai'];

/** One unit of work that a batch can answer, with the request lines a live run would send for it. */
export interface BatchUnit {
  key: ResultKey;
  lines: BatchInputLine[];
}

/** The batch plan of a stored run: the units per model, and the models left out (with why). */
export interface BatchPlan {
  units: BatchUnit[];
  skippedModels: Array<{ modelId: string; reason: string }>;
  /** Units already answered by the response cache (no line needed: a run or import uses the cache). */
  cached: number;
}

/** A model's provider restored as a resumed run restores it (capabilities adopted, request settings learned). */
export function restoredProvider(model: ModelConfig, repository: ResultsRepository, runId: number, create: (model: ModelConfig) => ModelProvider): { provider: ModelProvider; method: MeasuredMethod } | string {
  const stored = repository.getModels(runId).find((record) => record.modelId === model.id);
  const probe = parseProbeRecord(stored?.capabilitiesJson ?? null);
  if (!stored?.method || !probe || stored.model !== model.model) return 'not probed in this run yet (run scalegap run -c CONFIG --limit 1 first)';
  const provider = create(model);
  provider.adoptCapabilities?.(knownCapabilities(probe));
  provider.restoreRequestSettings?.(probe.requestSettings);
  return { provider, method: stored.method as MeasuredMethod };
}

/** What `planBatchUnits` plans: a shard's share, failed units too, the first items only, the models of some providers. */
export interface BatchPlanOptions {
  shard?: Shard;
  retryErrors?: boolean;
  limit?: number;
  /** The stored run to plan (default: the latest). */
  runId?: number;
  /** Providers whose models are planned (default: those an OpenAI-batch file can carry); others are skipped, saying why. */
  providers?: ReadonlyArray<ModelConfig['provider']>;
}

/**
 * Plans the batch lines of the work a stored run has not done yet (failed units too with
 * `retryErrors`; only the shard's share with `shard`): each unit's request goes through the live
 * provider code with a recording fetch, so the lines are the bodies a live run sends.
 */
export async function planBatchUnits(config: RunConfig, repository: ResultsRepository, options: BatchPlanOptions = {}): Promise<BatchPlan> {
  const run = repository.getRun(options.runId);
  if (!run && options.runId !== undefined) throw new ScalegapError('USAGE', `${config.store} has no run ${options.runId}`);
  if (!run) throw new ScalegapError('USAGE', `there is no run in ${config.store}; run scalegap run -c ${config.file} --limit 1 first (it probes the models)`);
  const done = repository.resultKeys(run.id, { includeErrors: options.retryErrors !== true });
  const items = selectItems(config.tasks, options.limit);
  const plan: BatchPlan = { units: [], skippedModels: [], cached: 0 };
  for (const model of config.models) {
    if (!(options.providers ?? OPENAI_BATCH_PROVIDERS).includes(model.provider)) {
      const reason = options.providers ? 'has no batch API' : 'does not speak the OpenAI batch format';
      plan.skippedModels.push({ modelId: model.id, reason: `the ${model.provider} provider ${reason}` });
      continue;
    }
    const lines: BatchInputLine[] = [];
    const restored = restoredProvider(model, repository, run.id, (m) => createProvider(m, { timeoutMs: config.timeoutMs, fetch: recordingFetch(lines) }));
    if (typeof restored === 'string') {
      plan.skippedModels.push({ modelId: model.id, reason: restored });
      continue;
    }
    for (const unit of planModelUnits(model.id, items, samplesFor(restored.method, config.samples))) {
      const key = { modelId: unit.modelId, task: unit.task, itemId: unit.item.id, sample: unit.sample };
      if (!inShard(key, options.shard) || done.has(resultKeyText(key))) continue;
      const request = buildRequest(restored.method, unit.item, unit.sample);
      if (repository.getCachedResponse(unitCacheKey(model, request)) !== undefined) {
        plan.cached++;
        continue;
      }
      lines.length = 0;
      await sendRequest(restored.provider, request, new AbortController().signal).catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve)); // requests started in parallel (one per option) are all recorded
      plan.units.push({ key, lines: [...lines] });
    }
  }
  return plan;
}
