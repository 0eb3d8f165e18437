import type { StoreDatabase } from './open-store.js';
import type { ResultKey } from './result-row.js';

/** Where a batch job is: lines stored, file uploaded, batch created, answers imported. */
export type BatchJobState = 'planned' | 'uploaded' | 'submitted' | 'done';

/** A provider batch of one model's lines, as stored. */
export interface BatchJob {
  id: number;
  runId: number;
  modelId: string;
  endpoint: string;
  state: BatchJobState;
  /** The staged input the batch is created from and found by (OpenAI: the uploaded file id; Anthropic: the request count and when its create began). */
  inputFileId: string | null;
  batchId: string | null;
  providerStatus: string | null;
}

/** A line of a job: its custom id, the unit it answers, and the request line itself. */
export interface BatchJobLine {
  customId: string;
  key: ResultKey;
  lineJson: string;
}

function toJob(row: Record<string, unknown>): BatchJob {
  return {
    id: row.id as number, runId: row.run_id as number, modelId: row.model_id as string, endpoint: row.endpoint as string,
    state: row.state as BatchJobState, inputFileId: row.input_file_id as string | null, batchId: row.batch_id as string | null,
    providerStatus: row.provider_status as string | null,
  };
}

/** Batch jobs and their lines; each step of a job is committed before the next one touches the provider. */
export class BatchJobsRepository {
  constructor(readonly db: StoreDatabase) {}

  /** Stores a job and its lines in one transaction (before anything is uploaded); returns its id. */
  createJob(runId: number, modelId: string, endpoint: string, lines: BatchJobLine[]): number {
    const now = new Date().toISOString();
    const insertLine = this.db.prepare('INSERT OR IGNORE INTO batch_lines (job_id, custom_id, model_id, task, item_id, sample, line_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
    return this.db.transaction(() => {
      const id = Number(this.db.prepare("INSERT INTO batch_jobs (run_id, model_id, endpoint, state, created_at, updated_at) VALUES (?, ?, ?, 'planned', ?, ?)")
        .run(runId, modelId, endpoint, now, now).lastInsertRowid);
      for (const line of lines) insertLine.run(id, line.customId, line.key.modelId, line.key.task, line.key.itemId, line.key.sample, line.lineJson);
      return id;
    })();
  }

  update(jobId: number, fields: { state?: BatchJobState; inputFileId?: string; batchId?: string; providerStatus?: string }): void {
    const job = this.getJob(jobId)!;
    this.db.prepare('UPDATE batch_jobs SET state = ?, input_file_id = ?, batch_id = ?, provider_status = ?, updated_at = ? WHERE id = ?').run(
      fields.state ?? job.state, fields.inputFileId ?? job.inputFileId, fields.batchId ?? job.batchId, fields.providerStatus ?? job.providerStatus,
      new Date().toISOString(), jobId,
    );
  }

  getJob(jobId: number): BatchJob | undefined {
    const row = this.db.prepare('SELECT * FROM batch_jobs WHERE id = ?').get(jobId) as Record<string, unknown> | undefined;
    return row ? toJob(row) : undefined;
  }

  jobs(runId: number): BatchJob[] {
    return (this.db.prepare('SELECT * FROM batch_jobs WHERE run_id = ? ORDER BY id').all(runId) as Array<Record<string, unknown>>).map(toJob);
  }

  lines(jobId: number): BatchJobLine[] {
    return (this.db.prepare('SELECT * FROM batch_lines WHERE job_id = ? ORDER BY rowid').all(jobId) as Array<Record<string, unknown>>).map((row) => ({
      customId: row.custom_id as string, lineJson: row.line_json as string,
      key: { modelId: row.model_id as string, task: row.task as string, itemId: row.item_id as string, sample: row.sample as number },
    }));
  }
}
