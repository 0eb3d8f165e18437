import { join } from 'node:path';
import { analyzeLabRun } from '../../lab/analyze-lab-run.js';
import { runLabHarness } from '../../lab/run-lab-harness.js';
import { checkLabFigures, labFigures } from '../../lab/lab-figure-check.js';
import { readLabManifest, type LabManifest } from '../../lab/lab-manifest.js';
import { shippedLadderDir } from '../../lab/shipped-ladder-dir.js';
import type { ReportSource } from '../../report/json-report.js';
import { emitReports, type OutputFlags } from '../emit-reports.js';
import { parseAnalysisFlags, parseFailOn } from '../options.js';
import { createRunReporter } from '../run-reporter.js';

/** The flags of `scalegap lab run`. */
export interface LabRunFlags extends OutputFlags {
  ladder?: string;
  tasks?: string;
  diagnostics?: boolean;
  variants?: boolean;
  db: string;
  delta: string;
  margin: string;
  bootstrap: string;
  seed: string;
  quiet?: boolean;
}

/** The tasks a lab run evaluates: the held-out ones and the probes, plus the diagnostics and the versioned tasks when asked. */
function chosenTasks(manifest: LabManifest, flags: LabRunFlags): string[] {
  if (flags.tasks !== undefined) return flags.tasks.split(',').map((name) => name.trim()).filter(Boolean);
  const wanted = (role: string): boolean => (role === 'diagnostic' ? flags.diagnostics === true : role === 'variants' ? flags.variants === true : true);
  return Object.entries(manifest.tasks).filter(([, task]) => wanted(task.role)).map(([name]) => name);
}

/** `scalegap lab run` (loaded only when the command runs). */
export async function labRunAction(flags: LabRunFlags): Promise<void> {
  const options = parseAnalysisFlags(flags);
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
  await emitReports(await analyzeLabRun(config.store, stored, options), sources, flags, failOn);
}
