import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from '../../core/errors.js';
import { configuredSecrets } from '../../runner/configured-secrets.js';
import { createProvider, localModelCount } from '../../runner/create-provider.js';
import { estimateRun } from '../../runner/estimate-run.js';
import { selectItems } from '../../runner/work-unit.js';
import { variantCounts } from '../../tasks/variants/variant-info.js';
import { loadConfig } from '../../runner/load-config.js';
import { runHarness } from '../../runner/run-harness.js';
import { parseShard, type Shard } from '../../runner/batch/shard.js';
import { summarizeErrors } from '../../runner/summarize-errors.js';
import { openStore } from '../../store/open-store.js';
import { ResultsRepository } from '../../store/results-repository.js';
import { storeError } from '../../store/store-error.js';
import { createRunReporter, describeErrors } from '../run-reporter.js';

/** The flags of `scalegap run`. */
export interface RunFlags {
  config: string;
  resume?: boolean;
  retryErrors?: boolean;
  run?: string;
  limit?: string;
  concurrency?: string;
  dryRun?: boolean;
  costLimit?: string;
  shard?: string;
  store?: string;
  batch?: boolean;
  status?: boolean;
}

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw usageError(`${flag} must be a whole number ≥ 1, not "${text}"`);
  return value;
}

function printDryRun(flags: RunFlags, limit: number | undefined, shard: Shard | undefined): void {
  const config = loadConfig(flags.config);
  const estimates = estimateRun(config, limit);
  const lines = [`dry run: ${config.models.length} models, ${config.tasks.length} tasks, nothing sent; store ${config.store}`];
  const counts = variantCounts(selectItems(config.tasks, limit).map(({ item }) => item));
  if (counts.items > counts.baseItems) lines.push(`  variants: ${counts.baseItems} base items × ${(counts.items / counts.baseItems).toFixed(1)} versions each = ${counts.items} items per model`);
  let requests = 0;
  let cost = 0;
  let priced = true;
  for (const estimate of estimates) {
    requests += estimate.requests;
    if (estimate.costUsd === null) priced = false;
    else cost += estimate.costUsd;
    lines.push(`  ${estimate.modelId}: ${estimate.requests} requests, ~${estimate.inputTokens} input + ≤${estimate.outputTokens} output tokens, ` +
      `${estimate.costUsd === null ? 'no price in the config' : `≤ $${estimate.costUsd.toFixed(4)}`} (assuming ${estimate.assumedMethod})`);
  }
  lines.push(`total: ${requests} requests, ${priced ? '' : 'priced models '}≤ $${cost.toFixed(4)}`);
  if (shard) lines.push(`shard ${shard.index}/${shard.count}: about 1/${shard.count} of this work`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `scalegap run`: measure the config's models on its tasks (loaded only when the command runs). */
export async function runAction(flags: RunFlags): Promise<void> {
  const limit = positiveInteger('--limit', flags.limit);
  const concurrency = positiveInteger('--concurrency', flags.concurrency);
  const costLimitUsd = flags.costLimit === undefined ? undefined : Number(flags.costLimit);
  if (costLimitUsd !== undefined && !(costLimitUsd > 0)) throw usageError(`--cost-limit must be an amount in USD above 0, not "${flags.costLimit}"`);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const runId = positiveInteger('--run', flags.run);
  const loaded = loadConfig(flags.config);
  const config = flags.store === undefined ? loaded : { ...loaded, store: resolve(flags.store) };
  if (flags.batch || flags.status) {
    const batch = await import('./run-batch-action.js');
    if (flags.status) {
      if (!existsSync(config.store)) throw usageError(`${config.store} does not exist`);
      return batch.printBatchStatus(config);
    }
    if (flags.dryRun) return batch.printBatchPlan(config, limit, shard);
    if (runId !== undefined && !existsSync(config.store)) throw usageError(`there is no run ${runId}: ${config.store} does not exist`);
    return batch.runBatchAction(config, { ...flags, costLimitUsd, shard, limit, runId });
  }
  if (flags.dryRun) return printDryRun(flags, limit, shard);
  if ((flags.resume || flags.retryErrors || runId !== undefined) && !existsSync(config.store)) {
    throw usageError(`there is no run to resume: ${config.store} does not exist; run without --resume first`);
  }
  const db = openStore(config.store);
  const reporter = createRunReporter(process.stderr, { tty: process.stderr.isTTY === true });
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const repository = new ResultsRepository(db);
    const summary = await runHarness({
      config, repository, createProvider: (model) => createProvider(model, { timeoutMs: config.timeoutMs, localModels: localModelCount(config.models) }),
      resume: flags.resume, retryErrors: flags.retryErrors, runId, limit, concurrency, costLimitUsd, shard,
      onEvent: (event) => reporter.onEvent(event), signal: interrupt.signal, secrets: configuredSecrets(config, process.env),
    });
    process.stdout.write(`run ${summary.runId}: ${summary.status}; see the analysis with: scalegap report --db ${config.store} --run ${summary.runId}\n`);
    // Exit 0 only when every item was scored: errors (this time or kept from before a resume) and unsent work are exit 1.
    const errors = describeErrors(summarizeErrors(repository.readResults(summary.runId)));
    for (const text of errors) process.stderr.write(`${text}\n`);
    if (summary.stopReason === 'interrupted') process.exitCode = 130;
    else if (errors.length > 0 || summary.remaining > 0) process.exitCode = 1;
  } catch (error) {
    throw storeError(config.store, error);
  } finally {
    reporter.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    try { db.close(); } catch { /* a full disk can fail the final checkpoint; the WAL keeps every result */ }
  }
}
