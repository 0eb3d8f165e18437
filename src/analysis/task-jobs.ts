import { inconclusiveFallback, setInconclusiveFallback, type InconclusiveFallback } from './adjust-verdicts.js';
import { analyzeItemLadder, type ItemAnalysisOptions } from './items/analyze-items.js';
import type { ItemLadder } from './items/item-ladder.js';
import type { TaskAnalysis } from './task-analysis.js';

/**
 * The per-task analyses an executor may run elsewhere (another thread), by name (aggregate
 * ladders are not among them: cloning their analyses back costs more than computing them). Each is a pure
 * function of its input and options, so where it runs cannot change its result.
 */
export const TASK_JOBS = {
  itemLadder: (ladder: ItemLadder, options: ItemAnalysisOptions): TaskAnalysis => analyzeItemLadder(ladder, options),
};

export type TaskJob = keyof typeof TASK_JOBS;
export type TaskJobInput<J extends TaskJob> = Parameters<(typeof TASK_JOBS)[J]>[0];
export type TaskJobOptions<J extends TaskJob> = Parameters<(typeof TASK_JOBS)[J]>[1];

/** Runs the per-task analyses of a job: in this thread, or spread over worker threads. */
export interface TaskExecutor {
  /** The analyses of every input, in input order. */
  analyze<J extends TaskJob>(job: J, inputs: Array<TaskJobInput<J>>, options: TaskJobOptions<J>): Promise<TaskAnalysis[]>;
}

/** A task's analysis as plain data (what crosses a thread): with its fallback, which lives in a WeakMap. */
export interface TaskOutcome {
  analysis: TaskAnalysis;
  fallback: InconclusiveFallback | null;
}

/** Runs a job on some inputs in this thread. */
export function runTaskJob<J extends TaskJob>(job: J, inputs: Array<TaskJobInput<J>>, options: TaskJobOptions<J>): TaskOutcome[] {
  const run = TASK_JOBS[job] as unknown as (input: TaskJobInput<J>, options: TaskJobOptions<J>) => TaskAnalysis;
  return inputs.map((input) => {
    const analysis = run(input, options);
    return { analysis, fallback: inconclusiveFallback(analysis) ?? null };
  });
}

/** The analyses of outcomes that crossed a thread, their fallbacks registered again. */
export function adoptOutcomes(outcomes: TaskOutcome[]): TaskAnalysis[] {
  return outcomes.map(({ analysis, fallback }) => {
    if (fallback) setInconclusiveFallback(analysis, fallback);
    return analysis;
  });
}

/** The executor that runs every task in this thread, one after another. */
export const inlineExecutor: TaskExecutor = {
  analyze: async (job, inputs, options) => inputs.map((input) => (TASK_JOBS[job] as unknown as (input: unknown, options: unknown) => TaskAnalysis)(input, options)),
};
