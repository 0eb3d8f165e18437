import type { Command } from 'commander';
import type { ImportBatchFlags } from './import-batch-action.js';

/** `scalegap import-batch OUTPUT.jsonl… -c scalegap.yaml`: read batch answers back into the run. */
export function registerImportBatchCommand(program: Command): void {
  program
    .command('import-batch')
    .description('Read the output (and error) files of a batch run of scalegap export back into the run, scored like live answers')
    .argument('<files...>', 'batch output JSONL files ({id, custom_id, response: {status_code, body}, error} per line)')
    .requiredOption('-c, --config <file>', 'the run config (scalegap.yaml)')
    .option('--store <file>', 'the results store (overrides the config\'s store)')
    .option('--retry-errors', 'also replace results that ended in an error (as export --retry-errors exported them)')
    .action(async (files: string[], flags: ImportBatchFlags) => (await import('./import-batch-action.js')).importBatchAction(files, flags));
}
