import { existsSync } from 'node:fs';
import { parseAnalysisFlags, parseFailOn } from '../options.js';
import { inputError, usageError } from '../../core/errors.js';
import type { ReportSource } from '../../report/json-report.js';
import { openStore } from '../../store/open-store.js';
import { readItemResults } from '../../store/read-item-results.js';
import type { ItemLadder } from '../../analysis/items/item-ladder.js';
import { itemAnalysisExecutor, type ExecutorLease } from '../../runner/threads/analysis-executor.js';
import { analyzeRunWithVariantsOn } from '../../store/analyze-run-with-variants.js';
import { ResultsRepository } from '../../store/results-repository.js';
import { currentRunStatus } from '../../store/run-lease.js';
import { emitReports, type OutputFlags } from '../emit-reports.js';
import { forecastAndPower } from '../forecast-and-power.js';

/** The flags of `scalegap report`. */
export interface ReportFlags extends OutputFlags {
  db: string;
  run?: string;
  delta: string;
  margin: string;
  bootstrap: string;
  seed: string;
  forecast?: string;
}

/** `scalegap report` (loaded only when the command runs). */
export async function reportAction(flags: ReportFlags): Promise<void> {
  const options = parseAnalysisFlags(flags);
  const failOn = parseFailOn(flags.failOn);
  const extras = forecastAndPower(flags.forecast, options.delta, options.seed);
  if (!existsSync(flags.db)) throw inputError({ file: flags.db }, 'the store does not exist; run scalegap run first or pass --db FILE');
  const runId = flags.run === undefined ? undefined : Number(flags.run);
  if (runId !== undefined && !Number.isInteger(runId)) throw usageError(`--run must be a run number, not "${flags.run}"`);
  const db = openStore(flags.db, { readonly: true });
  try {
    const repository = new ResultsRepository(db);
    const run = repository.getRun(runId);
    if (!run) throw inputError({ file: flags.db }, runId === undefined ? 'the store holds no run yet' : `the store has no run ${runId}`);
    const lease = (ladders: ItemLadder[]): ExecutorLease => itemAnalysisExecutor(ladders, options.resamples);
    const { result, base: stored, versions } = await analyzeRunWithVariantsOn(lease, repository, readItemResults(repository, run.id), options);
    const errors = [...stored.errorsByModel.values()].reduce((sum, count) => sum + count, 0);
    const methods = [...new Set(stored.items.map((item) => item.method ?? 'unknown'))].join(', ');
    const sources: ReportSource[] = [{
      file: flags.db, kind: `scalegap store, run ${run.id} (${currentRunStatus(db, run.id, run.status)})`, rows: stored.items.length,
      note: `confidence methods: ${methods || 'none'}${errors > 0 ? `; ${errors} failed requests not scored` : ''}${versions > 0 ? `; ${versions} results on item versions (brittleness)` : ''}`,
    }];
    await emitReports(extras(result), sources, flags, failOn);
  } finally {
    db.close();
  }
}
