import { batchSupportOf } from '../../runner/batch/batch-apis.js';
import type { Shard } from '../../runner/batch/shard.js';
import { runBatch } from '../../runner/batch/run-batch.js';
import { estimateRun } from '../../runner/estimate-run.js';
import type { RunConfig } from '../../runner/load-config.js';
import { BatchJobsRepository } from '../../store/batch-jobs-repository.js';
import { openStore } from '../../store/open-store.js';
import { ResultsRepository } from '../../store/results-repository.js';
import { createRunReporter } from '../run-reporter.js';

/** `run --batch --dry-run`: batches per model within the provider limits, and the cost at batch prices. */
export function printBatchPlan(config: RunConfig, limit: number | undefined, shard?: Shard): void {
  const lines = [`batch plan (dry run, nothing sent): store ${config.store}`];
  let total = 0;
  for (const estimate of estimateRun(config, limit)) {
    const model = config.models.find((candidate) => candidate.id === estimate.modelId)!;
    const limits = batchSupportOf(model)?.limits;
    if (!limits) {
      lines.push(`  ${estimate.modelId}: the ${model.provider} provider has no batch API here (run it live)`);
      continue;
    }
    const cost = estimate.costUsd === null ? null : estimate.costUsd * limits.priceFactor;
    total += cost ?? 0;
    lines.push(`  ${estimate.modelId}: ${estimate.requests} requests in ${Math.max(1, Math.ceil(estimate.requests / limits.maxRequests))} batch(es) of ≤ ${limits.maxRequests}, ` +
      `${cost === null ? 'no price in the config' : `≤ $${cost.toFixed(4)} at batch prices (${limits.priceFactor * 100}% of live)`}`);
  }
  lines.push(`total at batch prices: ≤ $${total.toFixed(4)}`);
  if (shard) lines.push(`shard ${shard.index}/${shard.count}: about 1/${shard.count} of this work`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `run --status`: the batch jobs of the latest run, from the store only. */
export function printBatchStatus(config: RunConfig): void {
  const db = openStore(config.store, { readonly: true });
  try {
    const run = new ResultsRepository(db).getRun();
    const jobs = run ? new BatchJobsRepository(db).jobs(run.id) : [];
    const lines = [run ? `run ${run.id}: ${run.status}, ${jobs.length} batch jobs` : 'no run in the store'];
    for (const job of jobs) {
      lines.push(`  job ${job.id} ${job.modelId} ${job.endpoint}: ${job.state}${job.batchId ? `, batch ${job.batchId}` : ''}${job.providerStatus ? ` (${job.providerStatus})` : ''}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    db.close();
  }
}

/** `run --batch [--resume]`: Ctrl-C leaves submitted batches running and says how to re-attach. */
export async function runBatchAction(
  config: RunConfig, flags: { config: string; resume?: boolean; costLimitUsd?: number; shard?: Shard; limit?: number; runId?: number },
): Promise<void> {
  const db = openStore(config.store);
  const reporter = createRunReporter(process.stderr, { tty: false });
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const summary = await runBatch({
      config, repository: new ResultsRepository(db), jobs: new BatchJobsRepository(db), resume: flags.resume, costLimitUsd: flags.costLimitUsd,
      shard: flags.shard, limit: flags.limit, runId: flags.runId,
      pollIntervalMs: config.batch?.pollIntervalMs ?? 30_000, signal: interrupt.signal,
      onEvent: (event) => (event.type === 'probe' || event.type === 'probe-failed' ? reporter.onEvent(event) : undefined),
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
    const share = `${flags.shard ? ` --shard ${flags.shard.index}/${flags.shard.count}` : ''}${flags.limit !== undefined ? ` --limit ${flags.limit}` : ''}`;
    const again = `scalegap run -c ${flags.config}${share} --batch --resume`;
    for (const failed of summary.failedBatches) process.stderr.write(`batch failed: ${failed}\n`);
    if (summary.status === 'interrupted') {
      process.stderr.write(`stopped; submitted batches keep running at the provider. Re-attach with: ${again}\n`);
      process.exitCode = 130;
    } else if (summary.overCostLimit > 0) {
      process.stderr.write(`run ${summary.runId}: ${summary.imported} results imported; ${summary.overCostLimit} results not submitted: their batches could pass the cost limit of $${flags.costLimitUsd}. Raise it and run ${again}\n`);
      process.exitCode = 1;
    } else if (summary.status === 'waiting') {
      process.stderr.write(`run ${summary.runId}: ${summary.imported} results imported; ${summary.retryable} failed or expired lines are left: ${again} submits only those\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`run ${summary.runId}: completed by batch; see the analysis with: scalegap report --db ${config.store}\n`);
    }
  } finally {
    reporter.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    db.close();
  }
}
