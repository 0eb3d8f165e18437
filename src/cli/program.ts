import { Command } from 'commander';
import { registerAnalyzeCommand } from './commands/analyze-command.js';
import { registerLabCommand } from './commands/lab-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerProbeCommand } from './commands/probe-command.js';
import { registerViewCommand } from './commands/view-command.js';
import { registerPlanCommand } from './commands/plan-command.js';
import { registerMergeCommand } from './commands/merge-command.js';
import { registerExportCommand } from './commands/export-command.js';
import { registerImportBatchCommand } from './commands/import-batch-command.js';

/** The scalegap command line: every command registers itself here. */
export function createProgram(): Command {
  const program = new Command('scalegap')
    .description('Will a bigger model actually help? Task-by-task scaling analysis for language models.')
    .version('0.1.0')
    .showHelpAfterError('(run scalegap --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerAnalyzeCommand(program);
  registerRunCommand(program);
  registerReportCommand(program);
  registerProbeCommand(program);
  registerViewCommand(program);
  registerLabCommand(program);
  registerPlanCommand(program);
  registerMergeCommand(program);
  registerExportCommand(program);
  registerImportBatchCommand(program);
  return program;
}
