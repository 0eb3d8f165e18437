import { parentPort } from 'node:worker_threads';
import { runTaskJob, type TaskJob, type TaskOutcome } from '../../analysis/task-jobs.js';

/** A chunk of per-task analyses sent to a worker thread. */
export interface TaskRequest {
  id: number;
  job: TaskJob;
  inputs: unknown[];
  options: unknown;
}

/** A worker's answer: the chunk's outcomes, or why it failed. */
export type TaskReply = { id: number; outcomes: TaskOutcome[] } | { id: number; error: string };

// Entry of a worker thread of createWorkerExecutor: runs each chunk it is sent and sends back the outcomes.
parentPort?.on('message', (request: TaskRequest) => {
  let reply: TaskReply;
  try {
    reply = { id: request.id, outcomes: runTaskJob(request.job, request.inputs as never[], request.options as never) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
