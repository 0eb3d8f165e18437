import type { MeasuredMethod } from './choose-method.js';
import type { ProbeRecord } from './probe-record.js';

/** Events a run emits; reporters render them (the runner itself prints nothing). */
export type RunEvent =
  | {
      type: 'run-start'; runId: number; resumed: boolean; models: number; items: number; alreadyDone: number;
      /** Items of a resumed run edited in their task file: measured again. */
      remeasured?: number;
      /** Items of a resumed run no longer in any task file: their results left the run. */
      dropped?: number;
      /** Runs found `running` with their writer gone (killed), now marked `interrupted`. */
      interruptedRuns?: number[];
    }
  | { type: 'probe'; modelId: string; probe: ProbeRecord; method: MeasuredMethod; fromStore: boolean }
  | { type: 'probe-failed'; modelId: string; reason: string }
  | { type: 'planned'; total: number; todo: number }
  | {
      type: 'result';
      modelId: string;
      task: string;
      itemId: string;
      sample: number;
      status: 'ok' | 'error';
      correct: boolean | null;
      cached: boolean;
      costUsd: number;
      errorReason: string | null;
    }
  | { type: 'retry'; modelId: string; itemId: string; attempt: number; delayMs: number; reason: string }
  | { type: 'concurrency'; lane: string; limit: number; reason: string }
  | { type: 'cost-limit'; spentUsd: number; limitUsd: number }
  /** A lane stopped for good (quota or spend limit exhausted): its queued requests are not sent. */
  | { type: 'lane-stopped'; lane: string; modelId: string; reason: string; left: number }
  | { type: 'run-end'; summary: RunSummary };

/** What a finished (or stopped) run did. */
export interface RunSummary {
  runId: number;
  status: 'completed' | 'stopped' | 'failed';
  /** Why the run stopped early, when it did. */
  stopReason: string | null;
  scored: number;
  errors: number;
  /** Results answered from the response cache (no request sent). */
  cached: number;
  /** Work units left for a `--resume`. */
  remaining: number;
  spentUsd: number;
  requestsSent: number;
  elapsedMs: number;
}

export type RunEventListener = (event: RunEvent) => void;
