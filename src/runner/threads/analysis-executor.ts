import { availableParallelism } from 'node:os';
import { inlineExecutor, type TaskExecutor } from '../../analysis/task-jobs.js';
import type { ItemLadder } from '../../analysis/items/item-ladder.js';
import { createWorkerExecutor } from './worker-executor.js';

/**
 * Work below which one thread is faster than starting workers: metric evaluations (resamples ×
 * models × items) of an item-level analysis, and rows of an aggregate one.
 */
export const THREADED_ITEM_WORK = 50_000_000;
export const THREADED_AGGREGATE_ROWS = 20_000;

/** An executor and how to release it. */
export interface ExecutorLease {
  executor: TaskExecutor;
  close(): Promise<void>;
}

/** Worker threads when there are several cores, several tasks and enough work; else this thread. */
function leaseFor(tasks: number, enough: boolean, threads?: number): ExecutorLease {
  const cores = threads ?? availableParallelism();
  if (cores < 2 || tasks < 2 || !enough) return { executor: inlineExecutor, close: async () => {} };
  const executor = createWorkerExecutor(Math.min(cores, tasks));
  return { executor, close: () => executor.close() };
}

/** The executor for an item-level analysis of these ladders with `resamples` resamples. */
export function itemAnalysisExecutor(ladders: ItemLadder[], resamples: number, threads?: number): ExecutorLease {
  const work = ladders.reduce((sum, ladder) => sum + resamples * ladder.models.length * ladder.itemIds.length, 0);
  return leaseFor(ladders.length, work >= THREADED_ITEM_WORK, threads);
}

/** The executor for an aggregate analysis of `rows` measurements (about ten per ladder). */
export function aggregateAnalysisExecutor(rows: number, threads?: number): ExecutorLease {
  return leaseFor(rows, rows >= THREADED_AGGREGATE_ROWS, threads);
}
