import { readBatchOutputs } from '../../runner/batch/batch-files.js';
import { importBatch } from '../../runner/batch/import-batch.js';
import { summarizeErrors } from '../../runner/summarize-errors.js';
import { openStore } from '../../store/open-store.js';
import { ResultsRepository } from '../../store/results-repository.js';
import { createRunReporter, describeErrors } from '../run-reporter.js';
import { configWithStore } from './export-action.js';

/** The flags of `scalegap import-batch`. */
export interface ImportBatchFlags {
  config: string;
  store?: string;
  retryErrors?: boolean;
}

/** `scalegap import-batch`: every file is checked before anything is written; exit 1 when work is left or items failed. */
export async function importBatchAction(files: string[], flags: ImportBatchFlags): Promise<void> {
  const config = configWithStore(flags.config, flags.store);
  const outputs = readBatchOutputs(files);
  const db = openStore(config.store);
  const reporter = createRunReporter(process.stderr, { tty: false });
  try {
    const repository = new ResultsRepository(db);
    const result = await importBatch({ config, repository, outputs, retryErrors: flags.retryErrors, onEvent: (event) => reporter.onEvent(event) });
    const lines = [`imported ${result.answered} results from ${outputs.size} output lines into run ${result.summary.runId}`];
    if (result.unanswered > 0) lines.push(`${result.unanswered} results of the run have no answer in these files: export them again (scalegap export) or run them live (scalegap run --resume)`);
    if (result.unknownLines > 0) lines.push(`${result.unknownLines} output lines answer no request this run still needs (already imported, or another run's)`);
    const errors = describeErrors(summarizeErrors(repository.readResults(result.summary.runId)));
    process.stderr.write(`${[...lines, ...errors].join('\n')}\n`);
    if (errors.length > 0 || result.unanswered > 0) process.exitCode = 1;
  } finally {
    reporter.close();
    db.close();
  }
}
