import cliProgress from 'cli-progress';
import { terminalSafe } from '../core/terminal-safe.js';
import type { RunEvent, RunSummary } from '../runner/events.js';
import { CAPABILITIES, CAPABILITY_LABELS, type ProbeRecord } from '../runner/probe-record.js';
import type { ErrorCause } from '../runner/summarize-errors.js';

/** Renders run events: a progress bar on a TTY, plain periodic lines otherwise. */
export interface RunReporter {
  onEvent(event: RunEvent): void;
  /** Stops the bar or timer. */
  close(): void;
}

function money(usd: number): string {
  return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

function describeEnd(summary: RunSummary): string {
  const head = summary.status === 'completed' ? `run ${summary.runId} completed` : `run ${summary.runId} stopped (${summary.stopReason}); continue with --resume`;
  return `${head}: ${summary.scored} scored, ${summary.errors} errors, ${summary.cached} from cache, ${summary.requestsSent} requests sent, ` +
    `${money(summary.spentUsd)} spent, ${(summary.elapsedMs / 1000).toFixed(1)} s` + (summary.remaining > 0 ? `, ${summary.remaining} left` : '');
}

/** The probe's findings in one line (`option scoring no, letter log-probs yes, generation not asked`) and one line per "no" with its reason. */
export function describeProbe(probe: ProbeRecord): string[] {
  const answers = CAPABILITIES.map((capability) => {
    const known = probe.capabilities[capability];
    return `${CAPABILITY_LABELS[capability]} ${known === null ? 'not asked' : known ? 'yes' : 'no'}`;
  });
  const settings = Object.entries(probe.requestSettings).map(([key, value]) => `${key}: ${String(value)}`);
  const lines = [`  probe: ${answers.join(', ')}${settings.length > 0 ? `; request settings ${settings.join(', ')}` : ''}`];
  for (const capability of CAPABILITIES) {
    const reason = probe.reasons[capability];
    if (reason !== undefined) lines.push(`  no ${CAPABILITY_LABELS[capability]}: ${reason}`);
  }
  return lines;
}

/** The failures of a run by cause, for the end of `scalegap run`: how many, which model, the first message. */
export function describeErrors(causes: readonly ErrorCause[], limit = 12): string[] {
  if (causes.length === 0) return [];
  const total = causes.reduce((sum, cause) => sum + cause.count, 0);
  const lines = [`${total} ${total === 1 ? 'item' : 'items'} ended in an error:`];
  for (const cause of causes.slice(0, limit)) lines.push(`  ${cause.count} × ${cause.modelId}: ${cause.firstMessage}`);
  if (causes.length > limit) lines.push(`  … and ${causes.length - limit} more causes (see the store's results.error_reason)`);
  return lines;
}

/** Creates a reporter writing to `stream` (stderr); `intervalMs` is the period of plain lines. */
export function createRunReporter(stream: NodeJS.WriteStream, options: { tty: boolean; intervalMs?: number }): RunReporter {
  let bar: cliProgress.SingleBar | undefined;
  let timer: NodeJS.Timeout | undefined;
  const state = { total: 0, done: 0, errors: 0, spentUsd: 0, startedMs: 0 };
  const line = (text: string): void => {
    if (bar) bar.stop();
    stream.write(`${terminalSafe(text)}\n`);
  };
  const plainProgress = (): void => {
    const elapsedS = (performance.now() - state.startedMs) / 1000;
    const rate = elapsedS > 0 ? state.done / elapsedS : 0;
    const eta = rate > 0 ? `${Math.round((state.total - state.done) / rate)} s` : '?';
    const percent = state.total > 0 ? Math.floor((100 * state.done) / state.total) : 100;
    stream.write(`progress ${state.done}/${state.total} (${percent}%), ${rate.toFixed(1)}/s, ETA ${eta}, ${state.errors} errors, ${money(state.spentUsd)} spent\n`);
  };
  return {
    onEvent(event) {
      switch (event.type) {
        case 'run-start':
          if (event.interruptedRuns?.length) line(`run ${event.interruptedRuns.join(', ')} had been killed: marked interrupted`);
          line(`${event.resumed ? 'resuming' : 'starting'} run ${event.runId}: ${event.models} models × ${event.items} items` +
            (event.alreadyDone > 0 ? ` (${event.alreadyDone} results already stored)` : ''));
          if (event.remeasured) line(`${event.remeasured} items changed in their task files since the run started: measuring them again`);
          if (event.dropped) line(`${event.dropped} items are no longer in the task files: their results leave the run`);
          break;
        case 'probe':
          line(`model ${event.modelId}: confidence method ${event.method}${event.fromStore ? ' (kept from the run)' : ''}`);
          for (const detail of describeProbe(event.probe)) line(detail);
          break;
        case 'lane-stopped':
          line(`${event.lane}: stopped, ${event.left} queued requests not sent (continue with --resume once fixed): ${event.reason}`);
          break;
        case 'probe-failed':
          line(`model ${event.modelId}: ${event.reason}; its items are recorded as errors (retry with --retry-errors)`);
          break;
        case 'planned':
          state.total = event.todo;
          state.startedMs = performance.now();
          if (options.tty) {
            bar = new cliProgress.SingleBar({
              stream, format: '{bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} | {errors} errors | {spent}',
              hideCursor: true, clearOnComplete: false,
            }, cliProgress.Presets.shades_classic);
            bar.start(event.todo, 0, { rate: '0.0', errors: 0, spent: money(0) });
          } else {
            timer = setInterval(plainProgress, options.intervalMs ?? 5000);
            timer.unref();
          }
          break;
        case 'result': {
          state.done++;
          state.spentUsd += event.costUsd;
          if (event.status === 'error') state.errors++;
          const elapsedS = (performance.now() - state.startedMs) / 1000;
          bar?.update(state.done, { rate: (elapsedS > 0 ? state.done / elapsedS : 0).toFixed(1), errors: state.errors, spent: money(state.spentUsd) });
          break;
        }
        case 'concurrency':
          if (!options.tty) stream.write(`${terminalSafe(event.lane)}: concurrency ${event.limit} (${event.reason})\n`);
          break;
        case 'cost-limit':
          line(`cost limit reached: ${money(event.spentUsd)} of ${money(event.limitUsd)}; finishing the requests in flight`);
          break;
        case 'run-end':
          if (timer) clearInterval(timer);
          if (!options.tty && state.total > 0) plainProgress();
          line(describeEnd(event.summary));
          break;
        case 'retry':
          break;
      }
    },
    close() {
      if (timer) clearInterval(timer);
      bar?.stop();
    },
  };
}
