import { availableParallelism } from 'node:os';
import { inlineExecutor, type TaskExecutor } from '../../analysis/task-jobs.js';
import type { ItemLadder } from '../../analysis/items/item-ladder.js';
import { createWorkerExecutor } from './worker-executor.js';

/**
 * Work below which one thread is faster than starting workers: metric evaluations (resamples ×
 * models × items) of an item-level analysis.
 */
export const THREADED_ITEM_WORK = 50_000_000;

/**
 * What the per-resample calibration passes that do not grow with the items cost, in item
 * evaluations: smooth ECE sums a kernel band over a 201-point grid (about 20,000 multiply-adds
 * at a hundred items), measured here to take as long as about 2,000 items' metrics.
 */
const PER_RESAMPLE_ITEMS = 2_000;

/** An executor and how to release it. */
export interface ExecutorLease {
  executor: TaskExecutor;
  close(): Promise<void>;
}

/**
 * The executor for an item-level analysis of these ladders with `resamples` resamples: worker
 * threads when there are several cores, several ladders and enough work; else this thread.
 * `threads` (default: SCALEGAP_THREADS, else one per core) caps the threads; 1 keeps everything here.
 */
export function itemAnalysisExecutor(ladders: ItemLadder[], resamples: number, threads?: number): ExecutorLease {
  const cores = threads ?? (Number(process.env.SCALEGAP_THREADS) || availableParallelism());
  const work = ladders.reduce((sum, ladder) => sum + resamples * ladder.models.length * (ladder.itemIds.length + PER_RESAMPLE_ITEMS), 0);
  if (cores < 2 || ladders.length < 2 || work < THREADED_ITEM_WORK) return { executor: inlineExecutor, close: async () => {} };
  const executor = createWorkerExecutor(Math.min(cores, ladders.length));
  return { executor, close: () => executor.close() };
}
