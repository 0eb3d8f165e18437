import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { ResultsRepository } from '../store/results-repository.js';
import { LEASE_STALE_MS, readLease } from '../store/run-lease.js';
import { loadConfig } from './load-config.js';
import { runHarness, type HarnessOptions } from './run-harness.js';
import { ScriptedProvider, type ScriptedFault } from './test-support/scripted-provider.js';
import { writeRunFixture } from './test-support/write-run-fixture.js';

function setup(items: number, providerOptions: ConstructorParameters<typeof ScriptedProvider>[1] = {}) {
  const fixture = writeRunFixture({ items });
  const repository = new ResultsRepository(openStore(join(fixture.dir, 'scalegap.db')));
  const base = (): HarnessOptions => ({
    config: loadConfig(fixture.config), repository, createProvider: (model) => new ScriptedProvider(model.id, providerOptions),
    retryPolicy: { baseDelayMs: 1, sleep: async () => {} },
  });
  return { repository, base };
}

/** The pid of a process that has exited: a writer killed with SIGKILL. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('one writer per run', () => {
  it('a second process on the same run refuses while the first writes, naming its pid', async () => {
    const { repository, base } = setup(20, { latencyMs: 5 });
    const first = runHarness(base());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(runHarness({ ...base(), resume: true })).rejects.toThrow(
      new RegExp(`run 1 is being written by process ${process.pid} on ${hostname()} \\(last heartbeat \\d+ s ago\\)`));
    await expect(runHarness({ ...base(), resume: true })).rejects.toMatchObject({ code: 'RUNTIME' });
    expect(await first).toMatchObject({ status: 'completed', scored: 40 });
    expect(readLease(repository.db, 1)).toBeUndefined();
  });

  it('takes over the lease of a killed writer and marks its run interrupted', async () => {
    const { repository, base } = setup(3);
    const runId = repository.createRun('scalegap.yaml', '{}');
    repository.db.prepare('INSERT INTO leases (run_id, token, pid, host, heartbeat_ms) VALUES (?, ?, ?, ?, ?)').run(runId, 't', deadPid(), hostname(), Date.now());
    const other = repository.createRun('scalegap.yaml', '{}');
    // a writer on another machine that stopped renewing its lease
    repository.db.prepare('INSERT INTO leases (run_id, token, pid, host, heartbeat_ms) VALUES (?, ?, ?, ?, ?)')
      .run(other, 't2', process.pid, 'elsewhere', Date.now() - LEASE_STALE_MS - 1);
    const fresh = await runHarness(base());
    expect(fresh.runId).toBe(3);
    expect(repository.getRun(runId)!.status).toBe('interrupted');
    expect(repository.getRun(other)!.status).toBe('interrupted');
  });

  it('keeps a live writer on another machine (fresh heartbeat)', async () => {
    const { repository, base } = setup(3);
    const runId = repository.createRun('x.yaml', '{}');
    repository.db.prepare('INSERT INTO leases (run_id, token, pid, host, heartbeat_ms) VALUES (?, ?, ?, ?, ?)').run(runId, 't', 1, 'elsewhere', Date.now());
    await runHarness(base());
    expect(repository.getRun(runId)!.status).toBe('running');
  });
});

describe('--retry-errors keeps its bookkeeping', () => {
  it('a run stopped during --retry-errors still has a result or an error for every item', async () => {
    let failing = true;
    const fault = (): ScriptedFault | undefined => (failing ? { kind: 'fatal' } : undefined);
    const { repository, base } = setup(10, { fault, latencyMs: 2 });
    const first = await runHarness(base());
    expect(first).toMatchObject({ scored: 0, errors: 20 });
    failing = false;
    const interrupt = new AbortController();
    let seen = 0;
    const retry = await runHarness({
      ...base(), retryErrors: true, concurrency: 1, signal: interrupt.signal,
      onEvent: (event) => { if (event.type === 'result' && ++seen === 3) interrupt.abort(); },
    });
    expect(retry.status).toBe('stopped');
    const rows = repository.readResults(first.runId);
    expect(rows).toHaveLength(20);
    expect(rows.filter((row) => row.status === 'ok').length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((row) => row.status === 'error').length).toBe(20 - rows.filter((row) => row.status === 'ok').length);
    const finish = await runHarness({ ...base(), retryErrors: true });
    expect(finish).toMatchObject({ status: 'completed', errors: 0 });
    expect(repository.readResults(first.runId).every((row) => row.status === 'ok')).toBe(true);
  });
});

describe('Ctrl-C', () => {
  it('cancels a hung request at once and leaves it for --resume', async () => {
    const { repository, base } = setup(4, { fault: (_call, prompt) => (prompt.includes('item 2?') ? { kind: 'hang' } : undefined) });
    const interrupt = new AbortController();
    const started = performance.now();
    setTimeout(() => interrupt.abort(), 100);
    const summary = await runHarness({ ...base(), signal: interrupt.signal, retryPolicy: { timeoutMs: 30_000, sleep: async () => {} } });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(summary).toMatchObject({ status: 'stopped', stopReason: 'interrupted', remaining: 2, errors: 0 });
    expect(repository.readResults(summary.runId).filter((row) => row.itemId === 'q2')).toEqual([]);
  });
});
