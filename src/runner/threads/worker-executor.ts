import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { adoptOutcomes, type TaskExecutor, type TaskOutcome } from '../../analysis/task-jobs.js';
import type { TaskReply, TaskRequest } from './task-worker.js';

/** An executor over worker threads; `close` ends them. */
export interface WorkerExecutor extends TaskExecutor {
  threads: number;
  close(): Promise<void>;
}

/** Chunks per thread: small enough to balance uneven tasks, large enough to keep messages few. */
const CHUNKS_PER_THREAD = 8;

/** The worker entry next to this module (TypeScript under tsx or vitest, JavaScript when built). */
function startWorker(): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(`./task-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
  if (!typescript) return new Worker(entry);
  // A source checkout (tsx, vitest): the loader is not inherited, so register tsx in the worker, then load the entry.
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true });
}

/** Sends the chunks to one worker in turn, putting each reply at its chunk's index. */
function drain(worker: Worker, request: (index: number) => TaskRequest, take: () => number | null, results: TaskOutcome[][]): Promise<void> {
  return new Promise((resolve, reject) => {
    let current = -1;
    const finish = (error?: Error): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const send = (): void => {
      const index = take();
      if (index === null) return finish();
      current = index;
      worker.postMessage(request(index));
    };
    const onMessage = (reply: TaskReply): void => {
      if ('error' in reply) return finish(new Error(`analysis worker failed: ${reply.error}`));
      results[current] = reply.outcomes;
      send();
    };
    const onError = (error: Error): void => finish(error);
    worker.on('message', onMessage);
    worker.on('error', onError);
    send();
  });
}

/**
 * Runs per-task analyses on `threads` worker threads (default: one per core). Inputs go out in
 * contiguous chunks to whichever thread is free; outcomes are put back in input order, and every
 * task is computed by the same pure function as in one thread, so the result does not depend on
 * the scheduling. Threads start on first use; idle ones do not keep the process alive.
 */
export function createWorkerExecutor(threads = availableParallelism()): WorkerExecutor {
  const workers: Worker[] = [];
  return {
    threads,
    async analyze(job, inputs, options) {
      if (inputs.length === 0) return [];
      const size = Math.max(1, Math.floor(inputs.length / (threads * CHUNKS_PER_THREAD)));
      const chunks: unknown[][] = [];
      for (let from = 0; from < inputs.length; from += size) chunks.push(inputs.slice(from, from + size));
      while (workers.length < Math.min(threads, chunks.length)) workers.push(startWorker());
      const pool = workers.slice(0, Math.min(threads, chunks.length));
      const results: TaskOutcome[][] = new Array(chunks.length);
      let next = 0;
      const take = (): number | null => (next < chunks.length ? next++ : null);
      const request = (index: number): TaskRequest => ({ id: index, job, inputs: chunks[index]!, options });
      pool.forEach((worker) => worker.ref());
      try {
        await Promise.all(pool.map((worker) => drain(worker, request, take, results)));
      } finally {
        pool.forEach((worker) => worker.unref());
      }
      return adoptOutcomes(results.flat());
    },
    async close() {
      await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
    },
  };
}
