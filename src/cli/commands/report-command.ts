import type { Command } from 'commander';
import type { ReportFlags } from './report-action.js';
import { FORECAST_FLAG_HELP } from '../parse-forecast-flag.js';
import { addOutputFlags } from './analyze-command.js';

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
    .option('--seed <n>', 'seed of the bootstrap (results are reproducible)', '1')
    .option('--forecast <sizes>', FORECAST_FLAG_HELP);
  addOutputFlags(command).action(async (flags: ReportFlags) => (await import('./report-action.js')).reportAction(flags));
}
