import { join } from 'node:path';
import type { Command } from 'commander';
import { analyze } from '../../analysis/analyze.js';
import { usageError } from '../../core/errors.js';
import { evaluateLabLadder, type LabProgress } from '../../lab/evaluate-lab-ladder.js';
import { checkLabFigures } from '../../lab/lab-figure-check.js';
import { readLabManifest, type LabManifest } from '../../lab/lab-manifest.js';
import { labMeasurements } from '../../lab/lab-measurements.js';
import { readLabTasks } from '../../lab/read-lab-tasks.js';
import { shippedLadderDir } from '../../lab/shipped-ladder-dir.js';
import type { ReportSource } from '../../report/json-report.js';
import { emitReports, type OutputFlags } from '../emit-reports.js';
import { parseFailOn, parseFraction } from '../options.js';
import { addOutputFlags } from './analyze-command.js';

interface LabRunFlags extends OutputFlags {
  ladder?: string;
  tasks?: string;
  diagnostics?: boolean;
  threads: string;
  jobs: string;
  delta: string;
  margin: string;
  quiet?: boolean;
}

/** The tasks a lab run evaluates: the held-out ones and the probe, plus the diagnostics when asked. */
function chosenTasks(manifest: LabManifest, flags: LabRunFlags): string[] {
  if (flags.tasks !== undefined) return flags.tasks.split(',').map((name) => name.trim()).filter(Boolean);
  return Object.entries(manifest.tasks).filter(([, task]) => flags.diagnostics === true || task.role !== 'diagnostic').map(([name]) => name);
}

function progressWriter(quiet: boolean, totalItems: number): (progress: LabProgress) => void {
  const tty = process.stderr.isTTY === true;
  const doneByModel = new Map<string, number>();
  let modelsDone = 0;
  return (progress) => {
    if (quiet) return;
    doneByModel.set(progress.model, progress.itemsDone);
    if (progress.itemsDone === progress.items) modelsDone += 1;
    const items = [...doneByModel.values()].reduce((sum, value) => sum + value, 0);
    if (tty) {
      process.stderr.write(`\rscalegap lab: ${modelsDone}/${progress.models} models, ${items}/${totalItems} item scorings${items === totalItems ? '\n' : ''}`);
    } else if (progress.itemsDone === progress.items) {
      process.stderr.write(`scalegap lab: ${progress.model} done (${modelsDone}/${progress.models} models)\n`);
    }
  };
}

async function labRunAction(flags: LabRunFlags): Promise<void> {
  const options = { delta: parseFraction('--delta', flags.delta), margin: parseFraction('--margin', flags.margin) };
  const failOn = parseFailOn(flags.failOn);
  const threads = Number(flags.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw usageError(`--threads must be a whole number from 1 to 64, not "${flags.threads}"`);
  const jobs = Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw usageError(`--jobs must be a whole number from 1 to 64, not "${flags.jobs}"`);
  const ladderDir = flags.ladder ?? shippedLadderDir();
  const manifest = readLabManifest(ladderDir);
  const tasks = readLabTasks(ladderDir, manifest, chosenTasks(manifest, flags));
  const startedMs = performance.now();
  const results = await evaluateLabLadder({ ladderDir, manifest, tasks, threads, jobs, onProgress: progressWriter(flags.quiet === true, manifest.models.length * tasks.reduce((sum, task) => sum + task.items.length, 0)) });
  const seconds = (performance.now() - startedMs) / 1000;
  const choicesByTask = new Map(tasks.map((task) => [task.name, task.items[0]?.kind === 'choice' ? task.items[0].choices.length : 0]));
  const measurements = labMeasurements(results, choicesByTask, 'scalegap lab');
  const check = checkLabFigures(measurements, manifest);
  const sizes = new Set(manifest.models.map((model) => model.size)).size;
  const seeds = new Set(manifest.models.map((model) => model.seed)).size;
  const sources: ReportSource[] = [{
    file: join(ladderDir, 'manifest.json'),
    kind: `scalegap lab: ${manifest.models.length} tiny llama models (${sizes} sizes × ${seeds} seeds as replicates) trained here from scratch`,
    rows: results.length,
    note: `corpus ${manifest.corpus.hash.slice(0, 12)}, ${manifest.training.tokens_per_model.toLocaleString('en-US')} tokens per model; `
      + `items never seen in training (${tasks.map((task) => `${task.name} ${task.items.length}`).join(', ')}); `
      + `scored by node-llama-cpp in ${seconds.toFixed(1)} s; max |Δ| vs PyTorch: accuracy ${check.maxAccuracyDiff.toFixed(3)}, loss ${check.maxLossDiff.toExponential(1)}`,
  }];
  await emitReports(analyze(measurements, options), sources, flags, failOn);
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
    .option('--threads <n>', 'CPU threads for node-llama-cpp (llama.cpp threads spin: more threads than free cores is slower)', '1')
    .option('-j, --jobs <n>', 'models evaluated at the same time (one per CPU core)', '2')
    .option('--delta <fraction>', 'flatness margin for the accuracy slope per decade of parameters', '0.05')
    .option('--margin <fraction>', 'non-inferiority margin for choosing a smaller model', '0.03')
    .option('-q, --quiet', 'no progress lines on stderr');
  addOutputFlags(run).action(labRunAction);
}
