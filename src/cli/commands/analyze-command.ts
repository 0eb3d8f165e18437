import type { Command } from 'commander';
import { analyze, type AnalysisResult } from '../../analysis/analyze.js';
import { analyzeItemsWith } from '../../analysis/items/analyze-items.js';
import { itemAnalysisExecutor, type ExecutorLease } from '../../runner/threads/analysis-executor.js';
import { adjustVerdicts } from '../../analysis/adjust-verdicts.js';
import { readCostsFile } from '../../io/items/read-costs-file.js';
import { readItemFiles } from '../../io/items/read-item-files.js';
import { splitInputs } from '../../io/items/split-inputs.js';
import { usageError } from '../../core/errors.js';
import { readDemoMeasurements } from '../../io/demo-data.js';
import { readMeasurements } from '../../io/read-measurements.js';
import { readParamsFile } from '../../io/read-params-file.js';
import type { ReportSource } from '../../report/json-report.js';
import { parseAnalysisFlags, parseFailOn } from '../options.js';
import { emitReports, type OutputFlags } from '../emit-reports.js';
import { forecastAndPower } from '../forecast-and-power.js';
import { FORECAST_FLAG_HELP } from '../parse-forecast-flag.js';

interface AnalyzeFlags extends OutputFlags {
  delta: string;
  margin: string;
  metric: string;
  params?: string;
  forecast?: string;
  bootstrap?: string;
  seed?: string;
  costs?: string;
  allowUnpaired?: boolean;
  fdr?: string;
  adjust?: boolean;
}

async function analyzeAction(files: string[], flags: AnalyzeFlags): Promise<void> {
  if (flags.metric !== 'acc' && flags.metric !== 'acc_norm') throw usageError(`--metric must be acc or acc_norm, not "${flags.metric}"`);
  const { resamples, seed, adjust, ...rest } = parseAnalysisFlags(flags);
  // Both analyses run unadjusted; the merged set of tasks is adjusted once, below.
  const options = { ...rest, adjust: { method: 'none' as const, level: adjust.level } };
  const failOn = parseFailOn(flags.failOn);
  const itemOptions = { resamples, seed, costs: flags.costs ? readCostsFile(flags.costs) : null };
  const extras = forecastAndPower(flags.forecast, options.delta, seed);
  let sources: ReportSource[] = [];
  let result: AnalysisResult = { schemaVersion: 1, tasks: [] };
  if (files.length === 0) {
    const demo = readDemoMeasurements();
    sources = demo.inputs;
    result = analyze(demo.measurements, options);
  } else {
    const paramsByModel = flags.params ? readParamsFile(flags.params) : undefined;
    const { itemFiles, measurementPaths, skipped } = splitInputs(files);
    if (measurementPaths.length > 0) {
      const read = readMeasurements(measurementPaths, { accuracyMetric: flags.metric, paramsByModel });
      sources = read.inputs.map((input) => ({ ...input, note: input.skippedTasks.length > 0 ? `${input.skippedTasks.length} tasks without accuracy or perplexity skipped` : undefined }));
      result = analyze(read.measurements, options);
    }
    if (itemFiles.length > 0) {
      const items = await readItemFiles(itemFiles, { accuracyMetric: flags.metric, paramsByModel, mismatch: flags.allowUnpaired ? 'report' : 'error' });
      const itemResult = await withLease(itemAnalysisExecutor(items.ladders, resamples), (executor) => analyzeItemsWith(executor, items.ladders, { ...options, ...itemOptions }));
      const itemTasks = new Set(itemResult.tasks.map((task) => JSON.stringify([task.task, task.family])));
      const replaced = result.tasks.filter((task) => itemTasks.has(JSON.stringify([task.task, task.family])));
      result = { schemaVersion: 1, tasks: [...result.tasks.filter((task) => !replaced.includes(task)), ...itemResult.tasks] };
      sources.push(...items.inputs);
      if (replaced.length > 0) sources.push({ file: '(aggregate rows)', kind: 'replaced by item-level data', rows: replaced.length, note: replaced.map((task) => task.task).join(', ') });
    }
    if (skipped.length > 0) sources.push({ file: skipped.length === 1 ? skipped[0]! : `${skipped.length} files`, kind: 'lm-evaluation-harness samples', rows: 0, note: 'skipped: not multiple choice (no per-option log-likelihoods)' });
  }
  result = { ...result, adjustment: adjustVerdicts(result.tasks, adjust) };
  // power figures after the adjustment: they settle the verdicts the user sees
  await emitReports(extras(result), sources, flags, failOn);
}

/** Adds the flags every analysing command shares (outputs, gating). */
export function addOutputFlags(command: Command): Command {
  return command
    .option('--json [file]', 'write the JSON report (to stdout when no file is given)')
    .option('--md [file]', 'write the Markdown report (to stdout when no file is given)')
    .option('--html <file>', 'write the self-contained HTML report (charts inlined, works offline)')
    .option('--charts <dir>', 'write every chart as a PNG into this folder (linked from the --md report)')
    .option('--chart-format <format>', 'format of the --charts files: png, svg or both', 'png')
    .option('--fdr <q>', 'adjust verdicts across tasks by Benjamini–Hochberg at this false discovery rate (default: Holm, family-wise 5%)')
    .option('--no-adjust', 'per-task intervals: no adjustment of the verdicts across tasks')
    .option('--fail-on <verdicts>', 'exit 3 when any task has one of these verdicts (comma-separated), e.g. decoupled,inverse')
    .option('-v, --verbose', 'explain each verdict and recommendation under the table')
    .option('--no-color', 'never colour the terminal report');
}

/** `scalegap analyze [FILES...]` and `scalegap demo`. */
export function registerAnalyzeCommand(program: Command): void {
  const analyzeCommand = program
    .command('analyze')
    .argument('[files...]', 'measurement tables (CSV/JSON, wide or long), lm-evaluation-harness result files/folders, item results (JSONL), lm-eval --log_samples files, Inverse Scaling Prize CSVs; none = embedded demo')
    .description('Find the tasks where a bigger model does not help, and recommend a size')
    .option('--delta <fraction>', 'flatness margin for the accuracy slope per decade of parameters', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin for choosing a smaller model', '0.03')
    .option('--metric <name>', 'accuracy column of lm-eval data: acc or acc_norm', 'acc')
    .option('--params <file>', 'CSV with columns model,params giving parameter counts')
    .option('--bootstrap <B>', 'item-level data: paired bootstrap resamples', '2000')
    .option('--seed <n>', 'item-level data: seed of the bootstrap (results are reproducible)', '1')
    .option('--costs <file>', 'item-level data: CSV of model costs (per_item, or input/output_per_mtok with input/output_tokens)')
    .option('--forecast <sizes>', FORECAST_FLAG_HELP)
    .option('--allow-unpaired', 'item-level data: when models do not share items, fall back to aggregate statistics instead of failing');
  addOutputFlags(analyzeCommand).action(analyzeAction);
  const demoCommand = program
    .command('demo')
    .description('Analyse the embedded demo (the notebook examples and published Pythia results)')
    .option('--delta <fraction>', 'flatness margin per decade', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin', '0.03')
    .option('--metric <name>', 'acc or acc_norm', 'acc');
  addOutputFlags(demoCommand).action((flags: AnalyzeFlags) => analyzeAction([], flags));
}

/** Runs an analysis on a leased executor and releases it. */
async function withLease<T>(lease: ExecutorLease, analyse: (executor: ExecutorLease['executor']) => Promise<T>): Promise<T> {
  try {
    return await analyse(lease.executor);
  } finally {
    await lease.close();
  }
}
