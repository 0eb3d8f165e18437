import { join } from 'node:path';
import type { Command } from 'commander';
import { runLabHarness } from '../../lab/run-lab-harness.js';
import { checkLabFigures, labFigures } from '../../lab/lab-figure-check.js';
import { readLabManifest, type LabManifest } from '../../lab/lab-manifest.js';
import { shippedLadderDir } from '../../lab/shipped-ladder-dir.js';
import type { ReportSource } from '../../report/json-report.js';
import { emitReports, type OutputFlags } from '../emit-reports.js';
import { parseCount, parseFailOn, parseFraction } from '../options.js';
import { createRunReporter } from '../run-reporter.js';
import { addOutputFlags } from './analyze-command.js';
import { analyzeStoredRun } from './report-command.js';

interface LabRunFlags extends OutputFlags {
  ladder?: string;
  tasks?: string;
  diagnostics?: boolean;
  db: string;
  delta: string;
  margin: string;
  bootstrap: string;
  seed: string;
  quiet?: boolean;
}

/** The tasks a lab run evaluates: the held-out ones and the probe, plus the diagnostics when asked. */
function chosenTasks(manifest: LabManifest, flags: LabRunFlags): string[] {
  if (flags.tasks !== undefined) return flags.tasks.split(',').map((name) => name.trim()).filter(Boolean);
  return Object.entries(manifest.tasks).filter(([, task]) => flags.diagnostics === true || task.role !== 'diagnostic').map(([name]) => name);
}

async function labRunAction(flags: LabRunFlags): Promise<void> {
  const options = {
    delta: parseFraction('--delta', flags.delta),
    margin: parseFraction('--margin', flags.margin),
    resamples: parseCount('--bootstrap', flags.bootstrap, 100),
    seed: parseCount('--seed', flags.seed, 0),
  };
  const failOn = parseFailOn(flags.failOn);
  const ladderDir = flags.ladder ?? shippedLadderDir();
  const manifest = readLabManifest(ladderDir);
  const taskNames = chosenTasks(manifest, flags);
  const reporter = createRunReporter(process.stderr, { tty: process.stderr.isTTY === true });
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  let run;
  try {
    run = await runLabHarness({
      ladderDir, manifest, taskNames, store: flags.db,
      onEvent: flags.quiet === true ? undefined : (event) => reporter.onEvent(event), signal: interrupt.signal,
    });
  } finally {
    reporter.close();
    process.off('SIGINT', onSignal);
  }
  const { summary, stored, config } = run;
  if (summary.status !== 'completed') {
    process.stderr.write(`scalegap lab: run ${summary.runId} ${summary.status} (${summary.stopReason ?? 'unknown reason'}); continue with scalegap run -c ${config.file} --resume\n`);
    process.exitCode = summary.stopReason === 'interrupted' ? 130 : 1;
    return;
  }
  const seconds = summary.elapsedMs / 1000;
  const check = checkLabFigures(labFigures(stored.items), manifest);
  const sizes = new Set(manifest.models.map((model) => model.size)).size;
  const seeds = new Set(manifest.models.map((model) => model.seed)).size;
  const sources: ReportSource[] = [{
    file: join(ladderDir, 'manifest.json'),
    kind: `scalegap lab: ${manifest.models.length} tiny llama models (${sizes} sizes × ${seeds} seeds as replicates) trained here from scratch`,
    rows: stored.items.length,
    note: `corpus ${manifest.corpus.hash.slice(0, 12)}, ${manifest.training.tokens_per_model.toLocaleString('en-US')} tokens per model; `
      + `tasks ${config.tasks.map((task) => `${task.name} ${task.items.length}`).join(', ')} (held-out items never in training, *-seen items verbatim in it); `
      + `stored as run ${summary.runId} in ${config.store} (${summary.cached} from cache); scored by node-llama-cpp in ${seconds.toFixed(1)} s; max |Δ| vs PyTorch: accuracy ${check.maxAccuracyDiff.toFixed(3)}, loss ${check.maxLossDiff.toExponential(1)}`,
  }];
  await emitReports(analyzeStoredRun(stored, options), sources, flags, failOn);
}

/** `scalegap lab run`: the shipped ladder of tiny models, evaluated here on held-out items and analysed. */
export function registerLabCommand(program: Command): void {
  const lab = program.command('lab').description('The scaling lab: a ladder of tiny llama models trained from scratch, shipped with scalegap');
  const run = lab
    .command('run')
    .description('Evaluate the shipped ladder on its held-out items (offline, CPU) and report scaling verdicts')
    .option('--ladder <dir>', 'a ladder folder with manifest.json (default: the shipped one)')
    .option('--tasks <names>', 'comma-separated tasks (default: the held-out tasks and the shortcut probe)')
    .option('--diagnostics', 'also evaluate the items seen in training (memorisation diagnostics)')
    .option('--db <file>', 'the results store the run is added to (like scalegap run)', 'scalegap-lab.db')
    .option('--delta <fraction>', 'flatness margin for the accuracy slope per decade of parameters', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin for choosing a smaller model', '0.03')
    .option('--bootstrap <B>', 'paired bootstrap resamples', '2000')
    .option('--seed <n>', 'seed of the bootstrap (results are reproducible)', '1')
    .option('-q, --quiet', 'no progress lines on stderr');
  addOutputFlags(run).action(labRunAction);
}
