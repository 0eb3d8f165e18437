import { join, resolve } from 'node:path';
import type { Task } from '../core/task.js';
import { createProvider, localModelCount } from '../runner/create-provider.js';
import type { RunEventListener, RunSummary } from '../runner/events.js';
import { loadConfig, type RunConfig } from '../runner/load-config.js';
import { runHarness } from '../runner/run-harness.js';
import { openStore } from '../store/open-store.js';
import { readItemResults, type StoredRunResults } from '../store/read-item-results.js';
import { ResultsRepository } from '../store/results-repository.js';
import { readTaskFile } from '../tasks/read-task-file.js';
import { expandVariants } from '../tasks/variants/expand-variants.js';
import { inputError } from '../core/errors.js';
import type { LabManifest } from './lab-manifest.js';

export interface LabHarnessOptions {
  ladderDir: string;
  manifest: LabManifest;
  /** Task names of the manifest to evaluate. */
  taskNames: string[];
  /** The results store (SQLite); a run is added to it like any `scalegap run`. */
  store: string;
  onEvent?: RunEventListener;
  signal?: AbortSignal;
}

/**
 * Runs the ladder's own config (`scalegap.yaml` in the ladder folder) through the harness into `store`, with the
 * chosen task files, and reads the stored item results back. Responses are cached in the store, so a second
 * run of the same ladder answers from the cache.
 */
export async function runLabHarness(options: LabHarnessOptions): Promise<{ summary: RunSummary; stored: StoredRunResults; config: RunConfig }> {
  const loaded = loadConfig(join(options.ladderDir, 'scalegap.yaml'));
  const known = Object.keys(options.manifest.tasks);
  for (const name of options.taskNames) {
    if (!known.includes(name)) throw inputError({ file: join(options.ladderDir, 'manifest.json'), field: 'tasks' }, `the lab has no task "${name}"; it has ${known.join(', ')}`);
  }
  const taskFiles = options.taskNames.map((name) => join(options.ladderDir, options.manifest.tasks[name]!.file));
  // Items that share a `group` are versions of one base item (the knowledge phrasings), as in any run.
  const tasks: Task[] = taskFiles.map((file) => expandVariants(readTaskFile(file), loaded.variants));
  const config: RunConfig = { ...loaded, taskFiles, tasks, store: resolve(options.store) };
  const db = openStore(config.store);
  try {
    const repository = new ResultsRepository(db);
    const summary = await runHarness({
      config, repository, createProvider: (model) => createProvider(model, { timeoutMs: config.timeoutMs, localModels: localModelCount(config.models) }),
      onEvent: options.onEvent, signal: options.signal,
    });
    return { summary, stored: readItemResults(repository, summary.runId), config };
  } finally {
    db.close();
  }
}
