import type { Command } from 'commander';
import type { ExportFlags } from './export-action.js';

/** `scalegap export --format openai-batch -o requests.jsonl`: the run's remaining requests as a batch input file. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Write the requests a run still needs as a batch input file (for vllm run-batch or any OpenAI-batch runner); read the answers back with import-batch')
    .requiredOption('-c, --config <file>', 'the run config (scalegap.yaml)')
    .requiredOption('-o, --output <file>', 'the request JSONL to write')
    .option('--format <format>', 'the file format: openai-batch', 'openai-batch')
    .option('--store <file>', 'the results store (overrides the config\'s store)')
    .option('--limit <n>', 'only the first N items of each task')
    .option('--shard <i/N>', 'only shard i of N of the work')
    .option('--retry-errors', 'include the requests that ended in an error')
    .action(async (flags: ExportFlags) => (await import('./export-action.js')).exportAction(flags));
}
