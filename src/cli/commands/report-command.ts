import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { AnalysisResult } from '../../analysis/analyze.js';
import { analyzeItems, type ItemAnalysisOptions } from '../../analysis/items/analyze-items.js';
import { ItemLadderCollector } from '../../analysis/items/item-ladder.js';
import { parseCount, parseFraction, parseFailOn } from '../options.js';
import { inputError, usageError } from '../../core/errors.js';
import type { ReportSource } from '../../report/json-report.js';
import { openStore } from '../../store/open-store.js';
import { readItemResults, type StoredRunResults } from '../../store/read-item-results.js';
import { ResultsRepository } from '../../store/results-repository.js';
import { emitReports, type OutputFlags } from '../emit-reports.js';
import { addOutputFlags } from './analyze-command.js';

interface ReportFlags extends OutputFlags {
  db: string;
  run?: string;
  delta: string;
  margin: string;
  bootstrap: string;
  seed: string;
}

/**
 * The analysis of a stored run: item-level (paired bootstrap, calibration, fits, recommendation).
 * A model that lacks items the others have (failed requests) makes its ladder fall back to
 * aggregate statistics, with a note naming the items.
 */
export function analyzeStoredRun(stored: StoredRunResults, options: Partial<ItemAnalysisOptions>): AnalysisResult {
  const collector = new ItemLadderCollector();
  for (const item of stored.items) collector.add(item);
  const ladders = collector.build('report').map((ladder) => ({ ...ladder, chance: stored.chanceByTask.get(ladder.task) ?? ladder.chance }));
  const result = analyzeItems(ladders, options);
  for (const task of result.tasks) {
    const methods = methodsByModel(stored.items.filter((item) => item.task === task.task && item.family === task.family));
    if (new Set(methods.map(([, method]) => method)).size > 1) {
      task.notes.push(`Confidence was measured with different methods (${methods.map(([model, method]) => `${model}: ${method}`).join(', ')}): its slope mixes methods.`);
    }
  }
  return result;
}

/** The confidence method(s) of each model, in order of first appearance. */
function methodsByModel(items: StoredRunResults['items']): Array<[string, string]> {
  const byModel = new Map<string, Set<string>>();
  for (const item of items) {
    const methods = byModel.get(item.model) ?? new Set<string>();
    methods.add(item.method ?? 'unknown');
    byModel.set(item.model, methods);
  }
  return [...byModel].map(([model, methods]) => [model, [...methods].join('+')]);
}

async function reportAction(flags: ReportFlags): Promise<void> {
  const options = {
    delta: parseFraction('--delta', flags.delta),
    margin: parseFraction('--margin', flags.margin),
    resamples: parseCount('--bootstrap', flags.bootstrap, 100),
    seed: parseCount('--seed', flags.seed, 0),
  };
  const failOn = parseFailOn(flags.failOn);
  if (!existsSync(flags.db)) throw inputError({ file: flags.db }, 'the store does not exist; run scalegap run first or pass --db FILE');
  const runId = flags.run === undefined ? undefined : Number(flags.run);
  if (runId !== undefined && !Number.isInteger(runId)) throw usageError(`--run must be a run number, not "${flags.run}"`);
  const db = openStore(flags.db, { readonly: true });
  try {
    const repository = new ResultsRepository(db);
    const run = repository.getRun(runId);
    if (!run) throw inputError({ file: flags.db }, runId === undefined ? 'the store holds no run yet' : `the store has no run ${runId}`);
    const stored = readItemResults(repository, run.id);
    const errors = [...stored.errorsByModel.values()].reduce((sum, count) => sum + count, 0);
    const methods = [...new Set(stored.items.map((item) => item.method ?? 'unknown'))].join(', ');
    const sources: ReportSource[] = [{
      file: flags.db, kind: `scalegap store, run ${run.id} (${run.status})`, rows: stored.items.length,
      note: `confidence methods: ${methods || 'none'}${errors > 0 ? `; ${errors} failed requests not scored` : ''}`,
    }];
    await emitReports(analyzeStoredRun(stored, options), sources, flags, failOn);
  } finally {
    db.close();
  }
}

/** `scalegap report [--db FILE] [--run ID]`: the analysis of stored results, same outputs as analyze. */
export function registerReportCommand(program: Command): void {
  const command = program
    .command('report')
    .description('Analyse the results of a run stored by scalegap run (same reports as analyze)')
    .option('--db <file>', 'the results store', 'scalegap.db')
    .option('--run <id>', 'the run to analyse (default: the latest)')
    .option('--delta <fraction>', 'flatness margin for the accuracy slope per decade of parameters', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin for choosing a smaller model', '0.03')
    .option('--bootstrap <B>', 'paired bootstrap resamples', '2000')
    .option('--seed <n>', 'seed of the bootstrap (results are reproducible)', '1');
  addOutputFlags(command).action(reportAction);
}
