import { resultKeyText } from './results-repository.js';

/** A stored row as SQLite gives it: column name → value. */
export type RawRow = Record<string, unknown>;

/** Columns that are the measurement itself; the rest (timing, attempts, cache use, timestamps) may differ between two sends of one request. */
const OUTCOME_COLUMNS = [
  'status', 'correct', 'chosen', 'confidence', 'method', 'loss', 'gold_logprob', 'option_logprobs', 'correct_norm',
  'option_mass', 'parse_status', 'response_text', 'error_reason',
] as const;

/** Two stores disagree on the outcome of one request. */
export interface ResultConflict {
  modelId: string;
  task: string;
  itemId: string;
  sample: number;
  /** The stores that disagree, first the one whose row is kept with `onConflict: 'first'`. */
  files: [string, string];
  /** The outcome columns that differ. */
  columns: string[];
}

/** The key text of a raw result row. */
export function rawKeyText(row: RawRow): string {
  return resultKeyText({ modelId: row.model_id as string, task: row.task as string, itemId: row.item_id as string, sample: row.sample as number });
}

/**
 * Folds the results of several stores into one map, idempotently: a row equal in outcome to one
 * already taken is a duplicate; a scored row replaces a failed one (an error is no result);
 * two different outcomes are a conflict, reported, and the first row is kept.
 */
export class ResultUnion {
  readonly rows = new Map<string, { row: RawRow; file: string }>();
  readonly conflicts: ResultConflict[] = [];
  duplicates = 0;
  errorsReplaced = 0;

  add(file: string, row: RawRow): void {
    const key = rawKeyText(row);
    const taken = this.rows.get(key);
    if (!taken) {
      this.rows.set(key, { row, file });
      return;
    }
    const columns = OUTCOME_COLUMNS.filter((column) => taken.row[column] !== row[column]);
    if (columns.length === 0) this.duplicates++;
    else if (taken.row.status === 'error' && row.status === 'ok') {
      this.rows.set(key, { row, file });
      this.errorsReplaced++;
    } else if (taken.row.status === 'ok' && row.status === 'error') this.errorsReplaced++;
    else if (taken.row.status === 'error' && row.status === 'error') this.duplicates++;
    else {
      this.conflicts.push({
        modelId: row.model_id as string, task: row.task as string, itemId: row.item_id as string, sample: row.sample as number,
        files: [taken.file, file], columns,
      });
    }
  }
}
