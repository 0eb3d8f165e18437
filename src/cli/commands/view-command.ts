import type { Command } from 'commander';
import type { ViewFlags } from './view-action.js';

/** `scalegap view [--db FILE] [--port N] [--host H]`: the reports of stored runs in a browser. */
export function registerViewCommand(program: Command): void {
  program
    .command('view')
    .description('Serve the reports of stored runs on 127.0.0.1 (opens nothing; Ctrl-C stops it)')
    .option('--db <file>', 'the results store', 'scalegap.db')
    .option('--port <n>', 'port to listen on (0: any free port)', '8377')
    .option('--host <address>', 'address to listen on; anything but loopback exposes the reports to the network (default 127.0.0.1)')
    .option('--delta <fraction>', 'flatness margin for the accuracy slope per decade of parameters', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin for choosing a smaller model', '0.03')
    .option('--bootstrap <B>', 'paired bootstrap resamples', '2000')
    .option('--seed <n>', 'seed of the bootstrap (results are reproducible)', '1')
    .action(async (flags: ViewFlags) => (await import('./view-action.js')).viewAction(flags));
}
