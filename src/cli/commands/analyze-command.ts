import type { Command } from 'commander';
import { analyze } from '../../analysis/analyze.js';
import { usageError } from '../../core/errors.js';
import { readDemoMeasurements } from '../../io/demo-data.js';
import { readMeasurements } from '../../io/read-measurements.js';
import { readParamsFile } from '../../io/read-params-file.js';
import type { ReportSource } from '../../report/json-report.js';
import { parseFailOn, parseFraction } from '../options.js';
import { emitReports, type OutputFlags } from '../emit-reports.js';

interface AnalyzeFlags extends OutputFlags {
  delta: string;
  margin: string;
  metric: string;
  params?: string;
}

async function analyzeAction(files: string[], flags: AnalyzeFlags): Promise<void> {
  if (flags.metric !== 'acc' && flags.metric !== 'acc_norm') throw usageError(`--metric must be acc or acc_norm, not "${flags.metric}"`);
  const options = { delta: parseFraction('--delta', flags.delta), margin: parseFraction('--margin', flags.margin) };
  const failOn = parseFailOn(flags.failOn);
  let sources: ReportSource[];
  let measurements;
  if (files.length === 0) {
    ({ measurements, inputs: sources } = readDemoMeasurements());
  } else {
    const paramsByModel = flags.params ? readParamsFile(flags.params) : undefined;
    const read = readMeasurements(files, { accuracyMetric: flags.metric, paramsByModel });
    measurements = read.measurements;
    sources = read.inputs.map((input) => ({ ...input, note: input.skippedTasks.length > 0 ? `${input.skippedTasks.length} tasks without accuracy or perplexity skipped` : undefined }));
  }
  const result = analyze(measurements, options);
  await emitReports(result, sources, flags, failOn);
}

/** Adds the flags every analysing command shares (outputs, gating). */
export function addOutputFlags(command: Command): Command {
  return command
    .option('--json [file]', 'write the JSON report (to stdout when no file is given)')
    .option('--md [file]', 'write the Markdown report (to stdout when no file is given)')
    .option('--fail-on <verdicts>', 'exit 3 when any task has one of these verdicts (comma-separated), e.g. decoupled,inverse')
    .option('-v, --verbose', 'explain each verdict and recommendation under the table')
    .option('--no-color', 'never colour the terminal report');
}

/** `scalegap analyze [FILES...]` and `scalegap demo`. */
export function registerAnalyzeCommand(program: Command): void {
  const analyzeCommand = program
    .command('analyze')
    .argument('[files...]', 'measurement tables (CSV/JSON, wide or long) or lm-evaluation-harness result files/folders; none = embedded demo')
    .description('Find the tasks where a bigger model does not help, and recommend a size')
    .option('--delta <fraction>', 'flatness margin for the accuracy slope per decade of parameters', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin for choosing a smaller model', '0.03')
    .option('--metric <name>', 'accuracy column of lm-eval data: acc or acc_norm', 'acc')
    .option('--params <file>', 'CSV with columns model,params giving parameter counts');
  addOutputFlags(analyzeCommand).action(analyzeAction);
  const demoCommand = program
    .command('demo')
    .description('Analyse the embedded demo (the notebook examples and published Pythia results)')
    .option('--delta <fraction>', 'flatness margin per decade', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin', '0.03')
    .option('--metric <name>', 'acc or acc_norm', 'acc');
  addOutputFlags(demoCommand).action((flags: AnalyzeFlags) => analyzeAction([], flags));
}
