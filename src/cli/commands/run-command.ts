import type { Command } from 'commander';
import type { RunFlags } from './run-action.js';

/** `scalegap run -c scalegap.yaml`: measure the model ladder on the tasks into the store. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Measure the models of a config on its tasks; results go to a SQLite store')
    .requiredOption('-c, --config <file>', 'the run config (scalegap.yaml)')
    .option('--resume', 'continue the newest run made with this config (completed requests are not sent again; refuses when models or settings changed)')
    .option('--retry-errors', 'continue the latest run and send again the requests that ended in an error')
    .option('--run <id>', 'the run to continue (implies --resume; default: the newest run made with this config file)')
    .option('--limit <n>', 'only the first N items of each task')
    .option('-j, --concurrency <n>', 'parallel requests per endpoint (overrides the config)')
    .option('--dry-run', 'print the plan, request count and cost estimate; send nothing, write nothing')
    .option('--cost-limit <usd>', 'stop cleanly once this much has been spent (resumable)')
    .action(async (flags: RunFlags) => (await import('./run-action.js')).runAction(flags));
}
