import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';
import { openStore } from './open-store.js';
import { emptyResultRow } from './result-row.js';
import { ResultsRepository } from './results-repository.js';

const dbFile = (): string => join(mkdtempSync(join(tmpdir(), 'scalegap-store-')), 'runs.db');

describe('openStore', () => {
  it('creates a WAL store at the latest schema version, and opens it again without migrating twice', () => {
    const file = dbFile();
    openStore(file).close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['batch_jobs', 'batch_lines', 'items', 'leases', 'models', 'response_cache', 'results', 'runs']);
    raw.close();
    expect(() => openStore(file).close()).not.toThrow();
  });

  it('refuses a store from a newer scalegap and a file that is not a store', () => {
    const file = dbFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openStore(file)).toThrow(/newer than this scalegap/);
    const empty = dbFile();
    new Database(empty).close();
    expect(() => openStore(empty, { readonly: true })).toThrow(/not a scalegap store/);
  });
});

describe('ResultsRepository', () => {
  it('round-trips a result row and caches only scored responses', () => {
    const repository = new ResultsRepository(openStore(dbFile()));
    const runId = repository.createRun('c.yaml', '{}');
    const key = { modelId: 'm', task: 't', itemId: 'i1', sample: 0 };
    const row = {
      ...emptyResultRow(key, 'ok' as const), correct: true, chosen: 2, confidence: 0.7, method: 'option-logprobs' as const, loss: 0.4,
      goldLogprob: -1.5, optionLogprobs: [-3, -2.5, -1.5], correctNorm: false, optionMass: 0.45, parseStatus: 'ok' as const, responseText: 'B',
      inputTokens: 12, outputTokens: 0, costUsd: 0.001, latencyMs: 5.5, attempts: 1,
    };
    repository.writeResult(runId, row, { key: 'k1', kind: 'score', responseJson: '{"a":1}' });
    repository.writeResult(runId, { ...emptyResultRow({ ...key, itemId: 'i2' }, 'error'), errorReason: 'HTTP 500' }, { key: 'k2', kind: 'score', responseJson: '{}' });
    expect(repository.readResults(runId)).toEqual([row, { ...emptyResultRow({ ...key, itemId: 'i2' }, 'error'), errorReason: 'HTTP 500' }]);
    expect(repository.getCachedResponse('k1')).toBe('{"a":1}');
    expect(repository.getCachedResponse('k2')).toBeUndefined();
    expect(repository.resultKeys(runId, { includeErrors: false }).size).toBe(1);
    expect(repository.spentUsd(runId)).toBeCloseTo(0.001, 12);
  });
});
