import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ScalegapError } from '../core/errors.js';
import { mergeStores } from './merge-stores.js';
import { openStore } from './open-store.js';
import { emptyResultRow } from './result-row.js';
import { ResultsRepository } from './results-repository.js';

const dir = mkdtempSync(join(tmpdir(), 'scalegap-merge-'));
const CONFIG = { file: '/a/scalegap.yaml', store: '/a/s.db', concurrency: 8, samples: 5, models: [{ id: 'm', model: 'x', baseUrl: 'http://a/v1' }] };
const items = ['q0', 'q1', 'q2', 'q3'].map((id) => ({ kind: 'choice' as const, id, question: `${id}?`, choices: ['a', 'b'], answer: 0 }));

/** A store holding the results of the given items for model m (correct when `correct(item)`). */
function store(name: string, itemIds: string[], options: { config?: object; correct?: (id: string) => boolean; error?: string[] } = {}): string {
  const file = join(dir, name);
  const db = openStore(file);
  const repository = new ResultsRepository(db);
  const runId = repository.createRun('x.yaml', JSON.stringify(options.config ?? CONFIG));
  repository.saveModel(runId, { modelId: 'm', provider: 'openai', model: 'x', params: 1e9, family: null, baseUrl: null, method: 'option-logprobs', capabilitiesJson: null });
  repository.saveTasks(runId, [{ name: 't', items }]);
  for (const itemId of itemIds) {
    const key = { modelId: 'm', task: 't', itemId, sample: 0 };
    if (options.error?.includes(itemId)) repository.writeResult(runId, { ...emptyResultRow(key, 'error'), errorReason: 'HTTP 500' });
    else repository.writeResult(runId, { ...emptyResultRow(key, 'ok'), correct: options.correct?.(itemId) ?? true, chosen: 0, confidence: 0.75, method: 'option-logprobs', loss: 0.25, attempts: 1 });
  }
  repository.setRunStatus(runId, 'completed');
  db.close();
  return file;
}

function content(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return ['runs', 'models', 'items', 'results', 'response_cache'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
  } finally {
    db.close();
  }
}

describe('mergeStores', () => {
  it('combines shards, and merging again (or a merged store with its inputs) changes nothing', () => {
    const a = store('a.db', ['q0', 'q2']);
    const b = store('b.db', ['q1', 'q3']);
    const all = join(dir, 'all.db');
    const first = mergeStores([a, b], all);
    expect(first).toMatchObject({ results: 4, resultsPerInput: [2, 2], duplicates: 0, conflicts: [], missing: 0, written: true });
    const once = content(all);
    expect((once as unknown[][])[3]!.map((row) => (row as { item_id: string }).item_id)).toEqual(['q0', 'q1', 'q2', 'q3']);
    const again = mergeStores([all, b, a], all);
    expect(again).toMatchObject({ results: 4, resultsPerInput: [4, 0, 0], duplicates: 4, written: true });
    expect(content(all)).toEqual(once);
    mergeStores([b, a], join(dir, 'other-order.db'));
    expect(content(join(dir, 'other-order.db'))).toEqual(once);
  });

  it('reports conflicting results of one request and writes nothing, unless told to keep the first', () => {
    const a = store('c1.db', ['q0', 'q1']);
    const b = store('c2.db', ['q1', 'q2'], { correct: (id) => id !== 'q1' });
    const out = join(dir, 'conflict.db');
    const summary = mergeStores([a, b], out);
    expect(summary.written).toBe(false);
    expect(summary.conflicts).toEqual([{ modelId: 'm', task: 't', itemId: 'q1', sample: 0, files: [a, b], columns: ['correct'] }]);
    expect(existsSync(out)).toBe(false);
    expect(mergeStores([a, b], out, { onConflict: 'first' })).toMatchObject({ written: true, results: 3, missing: 1 });
    const rows = (content(out) as Array<Array<{ item_id: string; correct: number }>>)[3]!;
    expect(rows.find((row) => row.item_id === 'q1')!.correct).toBe(1);
    expect((content(out) as Array<Array<{ status: string }>>)[0]![0]!.status).toBe('stopped');
  });

  it('takes a scored result over a failed one of the same request', () => {
    const a = store('e1.db', ['q0', 'q1'], { error: ['q1'] });
    const b = store('e2.db', ['q1', 'q2', 'q3']);
    const summary = mergeStores([a, b], join(dir, 'errors.db'));
    expect(summary).toMatchObject({ results: 4, errorsReplaced: 1, conflicts: [], written: true });
    const rows = (content(join(dir, 'errors.db')) as Array<Array<{ status: string }>>)[3]!;
    expect(rows.every((row) => row.status === 'ok')).toBe(true);
  });

  it('accepts shards that differ only in where they ran, and refuses stores of different runs', () => {
    const a = store('r1.db', ['q0']);
    const elsewhere = store('r2.db', ['q1'], { config: { ...CONFIG, file: '/b/x.yaml', store: '/b/y.db', concurrency: 2, models: [{ id: 'm', model: 'x', baseUrl: 'http://b/v1' }] } });
    expect(mergeStores([a, elsewhere], join(dir, 'where.db')).written).toBe(true);
    const other = store('r3.db', ['q1'], { config: { ...CONFIG, samples: 3 } });
    const error = (() => {
      try {
        mergeStores([a, other], join(dir, 'never.db'));
      } catch (caught) {
        return caught as ScalegapError;
      }
      throw new Error('merged stores of different runs');
    })();
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toMatch(/different run .* samples \(5 vs 3\)/);
    expect(error.location?.file).toBe(other);
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
  });
});
