import { existsSync, renameSync, rmSync } from 'node:fs';
import { inputError, ScalegapError } from '../core/errors.js';
import { ResultUnion, type RawRow, type ResultConflict } from './merge-results.js';
import { openStore, type StoreDatabase } from './open-store.js';
import { firstDifference, measurementIdentity } from './run-identity.js';

/** What `mergeStores` did (or, with conflicts and `onConflict: 'fail'`, would have done). */
export interface MergeSummary {
  output: string;
  /** Results taken from each input, in input order. */
  resultsPerInput: number[];
  results: number;
  /** Rows already present with the same outcome (a store merged twice, or a request run twice). */
  duplicates: number;
  /** Failed results dropped because another store scored the same request. */
  errorsReplaced: number;
  conflicts: ResultConflict[];
  /** Results the run plans (models × items × samples) that no input holds. */
  missing: number;
  written: boolean;
}

interface InputRun {
  file: string;
  db: StoreDatabase;
  run: RawRow;
}

function columnsOf(db: StoreDatabase, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((column) => column.name);
}

/** Copies rows into a table of the output, the columns both sides have, `run_id` set to the output run. */
function insertAll(db: StoreDatabase, table: string, rows: RawRow[], runId: number | undefined, mode: 'IGNORE' | 'REPLACE'): void {
  const columns = columnsOf(db, table);
  const statement = db.prepare(`INSERT OR ${mode} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  for (const row of rows) statement.run(Object.fromEntries(columns.map((c) => [c, c === 'run_id' ? runId : (row[c] ?? null)])));
}

function openInput(file: string): InputRun {
  if (!existsSync(file)) throw inputError({ file }, 'the store does not exist');
  const db = openStore(file, { readonly: true });
  const run = db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as RawRow | undefined;
  if (!run) {
    db.close();
    throw inputError({ file }, 'the store holds no run');
  }
  return { file, db, run };
}

/**
 * Merges the latest run of each store into a new store at `output` (written to a temporary file and
 * renamed, so a reader never sees half of it). Refuses (INPUT_INVALID) stores whose runs measured
 * different things or hold different items under one id. Idempotent: merging a store again, or a
 * merged store with its inputs, adds nothing. Conflicting outcomes of one request are reported; with
 * `onConflict: 'fail'` (the default) nothing is written, with `'first'` the first input's row is kept.
 */
export function mergeStores(files: string[], output: string, options: { onConflict?: 'fail' | 'first' } = {}): MergeSummary {
  if (files.length === 0) throw new ScalegapError('USAGE', 'name at least one store to merge');
  const inputs: InputRun[] = [];
  let temporary: string;
  let summary: MergeSummary;
  try {
    for (const file of files) inputs.push(openInput(file));
    const identity = measurementIdentity(inputs[0]!.run.config_json as string);
    const models = new Map<string, RawRow>();
    const items = new Map<string, { row: RawRow; file: string }>();
    const union = new ResultUnion();
    const resultsPerInput: number[] = [];
    for (const input of inputs) {
      const own = measurementIdentity(input.run.config_json as string);
      if (own !== identity) {
        throw inputError({ file: input.file }, `holds a different run from ${inputs[0]!.file}: they differ in ${firstDifference(identity, own)}`);
      }
      const runId = input.run.id;
      for (const model of input.db.prepare('SELECT * FROM models WHERE run_id = ? ORDER BY rowid').all(runId) as RawRow[]) {
        const taken = models.get(model.model_id as string);
        if (!taken || (taken.method === null && model.method !== null)) models.set(model.model_id as string, model);
        else if (model.method !== null && taken.method !== model.method) {
          throw inputError({ file: input.file }, `model ${String(model.model_id)} was measured with ${String(model.method)} here but ${String(taken.method)} in another store; methods are never mixed`);
        }
      }
      for (const item of input.db.prepare('SELECT * FROM items WHERE run_id = ? ORDER BY rowid').all(runId) as RawRow[]) {
        const key = JSON.stringify([item.task, item.item_id]);
        const taken = items.get(key);
        if (!taken) items.set(key, { row: item, file: input.file });
        else if (taken.row.item_json !== item.item_json) {
          throw inputError({ file: input.file }, `item ${String(item.item_id)} of task ${String(item.task)} differs from the one in ${taken.file}; the stores used different task files`);
        }
      }
      const before = union.rows.size;
      for (const row of input.db.prepare('SELECT * FROM results WHERE run_id = ?').iterate(runId) as Iterable<RawRow>) union.add(input.file, row);
      resultsPerInput.push(union.rows.size - before);
    }
    const missing = countMissing(inputs[0]!.run.config_json as string, [...models.values()], [...items.values()].map((entry) => entry.row), union);
    summary = {
      output, resultsPerInput, results: union.rows.size, duplicates: union.duplicates, errorsReplaced: union.errorsReplaced,
      conflicts: union.conflicts, missing, written: false,
    };
    if (union.conflicts.length > 0 && (options.onConflict ?? 'fail') === 'fail') return summary;
    const ordered = orderResults([...models.keys()], [...items.keys()], union);
    temporary = writeMerged(output, inputs, { models: [...models.values()], items: [...items.values()].map((entry) => entry.row), results: ordered, complete: missing === 0 });
  } finally {
    for (const input of inputs) input.db.close();
  }
  // Published once every input is closed: the output may be one of them (merge all.db new.db -o all.db).
  renameSync(temporary, output);
  for (const suffix of ['-wal', '-shm']) rmSync(`${output}${suffix}`, { force: true });
  return { ...summary, written: true };
}

/** Results in a stable order: model order of the run, item order of its tasks, then sample. */
function orderResults(modelIds: string[], itemKeys: string[], union: ResultUnion): RawRow[] {
  const modelRank = new Map(modelIds.map((id, index) => [id, index]));
  const itemRank = new Map(itemKeys.map((key, index) => [key, index]));
  const rank = (row: RawRow): [number, number, number] => [
    modelRank.get(row.model_id as string) ?? Infinity, itemRank.get(JSON.stringify([row.task, row.item_id])) ?? Infinity, row.sample as number,
  ];
  return [...union.rows.values()].map((entry) => entry.row).sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

/** Planned results no store holds: per model, each item × its samples (K for consistency, else one). */
function countMissing(configJson: string, models: RawRow[], items: RawRow[], union: ResultUnion): number {
  const samples = (JSON.parse(configJson) as { samples?: number }).samples ?? 1;
  let planned = 0;
  for (const model of models) planned += items.length * (model.method === 'consistency' ? samples : 1);
  return Math.max(0, planned - union.rows.size);
}

/** Writes the merged store to a temporary file next to `output`; returns its path. */
function writeMerged(output: string, inputs: InputRun[], data: { models: RawRow[]; items: RawRow[]; results: RawRow[]; complete: boolean }): string {
  const temporary = `${output}.merging-${process.pid}`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
  const db = openStore(temporary);
  try {
    const runs = inputs.map((input) => input.run);
    const first = runs[0]!;
    const createdAt = runs.map((run) => run.created_at as string).sort()[0]!;
    const updatedAt = runs.map((run) => run.updated_at as string).sort().at(-1)!;
    db.transaction(() => {
      insertAll(db, 'runs', [{ ...first, id: 1, created_at: createdAt, updated_at: updatedAt, status: data.complete ? 'completed' : 'stopped' }], undefined, 'REPLACE');
      insertAll(db, 'models', data.models, 1, 'REPLACE');
      insertAll(db, 'items', data.items, 1, 'REPLACE');
      insertAll(db, 'results', data.results, 1, 'REPLACE');
      for (const input of inputs) insertAll(db, 'response_cache', input.db.prepare('SELECT * FROM response_cache ORDER BY key').all() as RawRow[], undefined, 'IGNORE');
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    db.close();
    rmSync(temporary, { force: true });
    throw error;
  }
  db.close();
  return temporary;
}
