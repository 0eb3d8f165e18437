import type { BatchInputLine, BatchOutputLine } from './batch-lines.js';

/** A provider batch as scalegap follows it. */
export interface BatchInfo {
  id: string;
  /** The provider's own status word (stored; shown by `run --status`). */
  status: string;
  /** Processing is over: the answers can be read, nothing changes any more. */
  ended: boolean;
  /** Where the answers are (OpenAI: output and error file ids; Anthropic: the results URL). */
  resultRefs: string[];
  /** Why the batch as a whole failed, when it did (its unanswered lines stay to do). */
  failure?: string;
}

/** What a batch API knows of a stored job when it creates or looks for its batch. */
export interface BatchJobRef {
  id: number;
  runId: number;
  endpoint: string;
  /** The reference `stage` returned (stored before anything was created). */
  staged: string;
  /** The job's distinct request lines, as a live run sends them. */
  lines: BatchInputLine[];
}

/**
 * One provider's batch API, in the steps scalegap commits one by one (each step's result is stored
 * before the next touches the provider): stage the input, create the batch (or find the one a
 * crashed run created), poll it, read its answers.
 */
export interface BatchApi {
  /** Puts the lines where a batch is created from (OpenAI uploads a file); returns the reference to store. */
  stage(job: { id: number; runId: number }, lines: BatchInputLine[], signal?: AbortSignal): Promise<string>;
  /**
   * The batch this job's create made before a crash, whose id was never stored: `undefined` when there
   * is none (creating one now sends nothing twice), `'undecided'` while it cannot yet be told which
   * of several batches it is. `claimed` are batch ids other jobs of the store hold.
   */
  findCreated(job: BatchJobRef, claimed: ReadonlySet<string>, signal?: AbortSignal): Promise<BatchInfo | 'undecided' | undefined>;
  create(job: BatchJobRef, signal?: AbortSignal): Promise<BatchInfo>;
  get(batchId: string, signal?: AbortSignal): Promise<BatchInfo>;
  /**
   * The final answers of an ended batch, by custom id, in the output-line form the replay reads
   * (successes, and failures that another submission would fail the same way). Lines another
   * submission may answer (rate limits, server errors, expired, cancelled) are left out: they stay to do.
   */
  answers(batch: BatchInfo, signal?: AbortSignal): Promise<Map<string, BatchOutputLine>>;
}
