import { resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import { stripUrlCredentials } from '../core/strip-url-credentials.js';
import { canonicalJson } from '../store/request-key.js';
import type { RunRecord, ResultsRepository } from '../store/results-repository.js';
import type { ModelConfig, RunConfig } from './load-config.js';

/** Fields of a model that do not change what is measured (names, sizes, prices, parallelism, where the key comes from). */
const NOT_MEASURED = new Set(['id', 'provider', 'model', 'baseUrl', 'params', 'family', 'price', 'concurrency', 'threads', 'apiKeyEnv']);

/** Canonical JSON of the request settings a model is measured with (everything but identity and bookkeeping). */
export function modelSettingsJson(model: ModelConfig): string {
  return canonicalJson(Object.fromEntries(Object.entries(model).filter(([key]) => !NOT_MEASURED.has(key))));
}

/**
 * The run `--resume` continues: `--run ID` when given, else the newest run made with this config
 * file. Refuses (exit 2) when there is none, naming the runs of other configs that share the store.
 */
export function selectRunToResume(repository: ResultsRepository, config: RunConfig, runId: number | undefined): RunRecord {
  if (runId !== undefined) {
    const run = repository.getRun(runId);
    if (!run) throw usageError(`there is no run ${runId} in ${config.store}`);
    return run;
  }
  const runs = repository.getRuns();
  if (runs.length === 0) throw usageError(`there is no run to resume in ${config.store}; run without --resume first`);
  const own = runs.find((run) => resolve(run.configFile) === resolve(config.file));
  if (own) return own;
  const latest = runs[0]!;
  throw usageError(`no run in ${config.store} was made with ${config.file} (the latest, run ${latest.id}, was made with ${latest.configFile}); ` +
    `pass --run ${latest.id} to continue that one with this config, or drop --resume to start a new run`);
}

/** Items of a resumed run whose stored results no longer fit the task files. */
export interface ResumeChanges {
  /** Items whose content (question, choices, answer...) changed: their results are measured again. */
  edited: Array<{ task: string; itemId: string }>;
  /** Items no longer in any task file: their results leave the run. */
  removed: Array<{ task: string; itemId: string }>;
}

function refuse(run: RunRecord, changes: string[]): never {
  throw usageError(`cannot resume run ${run.id}: ${changes.join('; ')}; its stored results would mix two measurements. ` +
    'Start a new run (drop --resume), or give a changed model a new id');
}

/**
 * Compares a stored run with the config it is resumed with. Refuses (exit 2, naming every change)
 * when a setting that applies to the whole run changed (`confidence`, `samples`) or a model id now
 * means another measurement (provider, served model, base URL, request settings). Returns the items
 * that changed or went away, for the caller to measure again or drop; new models and items are
 * simply measured.
 */
export function checkResume(repository: ResultsRepository, run: RunRecord, config: RunConfig): ResumeChanges {
  const stored = JSON.parse(run.configJson) as { confidence?: string; samples?: number };
  const changes: string[] = [];
  if (stored.confidence !== undefined && stored.confidence !== config.confidence) {
    changes.push(`confidence changed from ${stored.confidence} to ${config.confidence}`);
  }
  const models = repository.getModels(run.id);
  const usesSamples = config.confidence === 'consistency' || models.some((model) => model.method === 'consistency');
  if (usesSamples && stored.samples !== undefined && stored.samples !== config.samples) {
    changes.push(`samples changed from ${stored.samples} to ${config.samples}`);
  }
  const byId = new Map(models.map((model) => [model.modelId, model]));
  for (const model of config.models) {
    const before = byId.get(model.id);
    if (!before) continue;
    const baseUrl = model.baseUrl === undefined ? null : stripUrlCredentials(model.baseUrl);
    const storedUrl = before.baseUrl === null ? null : stripUrlCredentials(before.baseUrl); // older stores kept credentials
    const differences = [
      before.provider !== model.provider ? `provider ${before.provider} → ${model.provider}` : '',
      before.model !== model.model ? `served model ${before.model} → ${model.model}` : '',
      storedUrl !== baseUrl ? `base URL ${storedUrl ?? '(none)'} → ${baseUrl ?? '(none)'}` : '',
      before.settingsJson && before.settingsJson !== modelSettingsJson(model)
        ? `request settings ${before.settingsJson} → ${modelSettingsJson(model)}` : '',
    ].filter((text) => text !== '');
    if (differences.length > 0) changes.push(`model "${model.id}" changed (${differences.join(', ')})`);
  }
  if (changes.length > 0) refuse(run, changes);

  const current = new Map<string, string>();
  for (const task of config.tasks) for (const item of task.items) current.set(JSON.stringify([task.name, item.id]), canonicalJson(item));
  const result: ResumeChanges = { edited: [], removed: [] };
  for (const item of repository.getItems(run.id)) {
    const now = current.get(JSON.stringify([item.task, item.itemId]));
    const key = { task: item.task, itemId: item.itemId };
    if (now === undefined) result.removed.push(key);
    else if (now !== canonicalJson(JSON.parse(item.itemJson))) result.edited.push(key);
  }
  return result;
}
