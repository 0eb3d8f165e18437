import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../../core/errors.js';
import { distinctLines, writeJsonlAtomically } from '../../runner/batch/batch-files.js';
import { planBatchUnits } from '../../runner/batch/plan-batch-units.js';
import { parseShard } from '../../runner/batch/shard.js';
import { loadConfig, type RunConfig } from '../../runner/load-config.js';
import { openStore } from '../../store/open-store.js';
import { ResultsRepository } from '../../store/results-repository.js';

/** The flags of `scalegap export`. */
export interface ExportFlags {
  config: string;
  output: string;
  format: string;
  store?: string;
  limit?: string;
  shard?: string;
  retryErrors?: boolean;
}

/** Loads the config with `--store` applied; the store must exist (export reads the run's probed models). */
export function configWithStore(file: string, store: string | undefined): RunConfig {
  const loaded = loadConfig(file);
  const config = store === undefined ? loaded : { ...loaded, store: resolve(store) };
  if (!existsSync(config.store)) throw usageError(`${config.store} does not exist; run scalegap run -c ${file} --limit 1 first (it probes the models)`);
  return config;
}

/** `scalegap export`: writes one line per distinct request the run still needs. */
export async function exportAction(flags: ExportFlags): Promise<void> {
  if (flags.format !== 'openai-batch') throw usageError(`--format must be openai-batch, not "${flags.format}"`);
  const limit = flags.limit === undefined ? undefined : Number(flags.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw usageError(`--limit must be a whole number ≥ 1, not "${flags.limit}"`);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const config = configWithStore(flags.config, flags.store);
  const db = openStore(config.store);
  try {
    const plan = await planBatchUnits(config, new ResultsRepository(db), { shard, limit, retryErrors: flags.retryErrors });
    const lines = distinctLines(plan.units);
    writeJsonlAtomically(flags.output, lines);
    const report = [`${flags.output}: ${lines.length} requests for ${plan.units.length} results` +
      `${plan.cached > 0 ? ` (${plan.cached} more are answered by the response cache)` : ''}; import the answers with: scalegap import-batch OUTPUT.jsonl -c ${flags.config}`];
    for (const skipped of plan.skippedModels) report.push(`  model ${skipped.modelId} left out: ${skipped.reason}`);
    const completions = lines.filter((line) => line.url.endsWith('/completions') && !line.url.endsWith('/chat/completions')).length;
    // vllm/entrypoints/openai/run_batch.py (vllm-project/vllm@0056ae7b) accepts /v1/chat/completions, /v1/embeddings, /score, /rerank only.
    if (completions > 0) report.push(`  ${completions} requests use /v1/completions (option scoring by echo): OpenAI's Batch API takes them, vLLM's run_batch does not; use confidence: verbalized or letter log-probs there, or a live run`);
    process.stderr.write(`${report.join('\n')}\n`);
  } finally {
    db.close();
  }
}
