import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpenAiBatchEmulator, type BatchEmulator, type BatchEmulatorFaults } from '../providers/test-support/batch-api/openai-batch-emulator.js';
import { startTestServer, type TestServer } from '../providers/test-server/start-test-server.js';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCliAsync, startCli } from '../test-support/run-cli-async.js';
import { expectCostLimitBeforeEachSubmission, openAiLadder, resultCountsByStatus, storedReport } from './test-support/stored-run.js';

const API_KEY = 'fake-batch-api-0123456789-secret';
const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: undefined };
const ITEMS = 12;
let server: TestServer | undefined;
let emulator: BatchEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  await server?.close();
  emulator = undefined;
  server = undefined;
});

async function setUp(faults: BatchEmulatorFaults = {}): Promise<{ dir: string; config: string; emulator: BatchEmulator }> {
  server = await startTestServer({ apiKey: API_KEY });
  emulator = await startOpenAiBatchEmulator({ backend: server.url, backendHeaders: { authorization: `Bearer ${API_KEY}` }, apiKey: API_KEY, faults });
  const models = openAiLadder(emulator.baseURL, ['1b', '7b'], ', price: { inputPerMTok: 1, outputPerMTok: 2 }');
  const fixture = writeRunFixture({ items: ITEMS, models, extra: 'batch: { pollIntervalMs: 100 }\n' });
  return { ...fixture, emulator };
}

function spentUsd(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT SUM(cost_usd) FROM results').pluck().get() as number;
  } finally {
    db.close();
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('scalegap run --batch against an OpenAI Batch API emulator (built CLI, real SQLite)', () => {
  it('measures the ladder by batch, one batch per model, and reports like a live run', async () => {
    const { dir, config, emulator: api } = await setUp();
    expect((await runCliAsync(['run', '-c', config, '--store', 'live.db'], { cwd: dir, env })).status).toBe(0);
    const plan = await runCliAsync(['run', '-c', config, '--store', 'batch.db', '--batch', '--dry-run'], { cwd: dir, env });
    expect(plan.stdout).toMatch(/m-1b: 12 requests in 1 batch\(es\) of ≤ 50000, ≤ \$[0-9.]+ at batch prices \(50% of live\)/);
    const run = await runCliAsync(['run', '-c', config, '--store', 'batch.db', '--batch'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    expect(api.batches).toHaveLength(2);
    expect(api.batches.every((batch) => batch.status === 'completed' && batch.request_counts.total === ITEMS)).toBe(true);
    expect([...api.linesSent.values()].every((count) => count === 1)).toBe(true);
    expect(resultCountsByStatus(join(dir, 'batch.db'))).toEqual({ ok: 2 * ITEMS });
    expect(spentUsd(join(dir, 'live.db'))).toBeGreaterThan(0);
    expect(spentUsd(join(dir, 'batch.db'))).toBeCloseTo(spentUsd(join(dir, 'live.db')) / 2, 12); // batch prices
    expect(await storedReport(dir, 'batch.db')).toEqual(await storedReport(dir, 'live.db'));
    const status = await runCliAsync(['run', '-c', config, '--store', 'batch.db', '--status'], { cwd: dir, env });
    expect(status.stdout).toMatch(/run 1: completed, 2 batch jobs\n {2}job 1 m-1b \/v1\/completions: done, batch batch_\d+ \(completed\)/);
  }, 120_000);

  const stages: Array<[string, BatchEmulatorFaults, (api: BatchEmulator) => boolean]> = [
    ['during the upload', { holdUpload: true }, (api) => api.log.some((entry) => entry.path === '/v1/files')],
    ['right after submitting (the batch exists, its id never arrived)', { holdCreate: true }, (api) => api.batches.length === 1],
    ['while polling', {}, (api) => api.batches.some((batch) => batch.status === 'in_progress')],
    ['mid-download', { holdDownload: true }, (api) => api.log.some((entry) => entry.path.endsWith('/content'))],
  ];
  it.each(stages)('killed with SIGKILL %s, --resume never submits twice and loses nothing', async (_stage, faults, reached) => {
    const { dir, config, emulator: api } = await setUp(faults);
    const cli = startCli(['run', '-c', config, '--batch'], { cwd: dir, env });
    await waitFor(() => reached(api), 'the stage');
    cli.child.kill('SIGKILL');
    expect((await cli.done).signal).toBe('SIGKILL');
    api.faults = {};
    const resumed = await runCliAsync(['run', '-c', config, '--batch', '--resume'], { cwd: dir, env });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(api.batches).toHaveLength(2); // one per model, whatever the kill
    expect([...api.linesSent.values()].every((count) => count === 1)).toBe(true);
    expect(api.linesSent.size).toBe(2 * ITEMS);
    expect(resultCountsByStatus(join(dir, 'scalegap.db'))).toEqual({ ok: 2 * ITEMS });
  }, 120_000);

  it('leaves failed and expired lines to do, and --resume submits only those', async () => {
    const { dir, config, emulator: api } = await setUp({ failLineIndexes: new Set([1, 4]), expireAfterLines: ITEMS - 3 });
    const first = await runCliAsync(['run', '-c', config, '--batch'], { cwd: dir, env });
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(/10 failed or expired lines are left: scalegap run -c .* --batch --resume submits only those/);
    expect(resultCountsByStatus(join(dir, 'scalegap.db'))).toEqual({ ok: 2 * (ITEMS - 5) });
    api.faults = {};
    const resumed = await runCliAsync(['run', '-c', config, '--batch', '--resume'], { cwd: dir, env });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(api.batches.map((batch) => batch.request_counts.total)).toEqual([ITEMS, ITEMS, 5, 5]);
    expect([...api.linesSent.values()].every((count) => count === 1)).toBe(true);
    expect(resultCountsByStatus(join(dir, 'scalegap.db'))).toEqual({ ok: 2 * ITEMS });
  }, 120_000);

  it('checks --cost-limit before each submission (estimates at batch prices), and --resume submits the rest', async () => {
    const { dir, config, emulator: api } = await setUp();
    await expectCostLimitBeforeEachSubmission({ dir, config, env, firstModel: 'm-1b', items: ITEMS, batchCount: () => api.batches.length });
  }, 120_000);

  it('--shard i/N by batch: two shards submit disjoint lines, and their merged stores report like the live run', async () => {
    const { dir, config, emulator: api } = await setUp();
    expect((await runCliAsync(['run', '-c', config, '--store', 'live.db'], { cwd: dir, env })).status).toBe(0);
    const counts: number[] = [];
    for (const index of [0, 1]) {
      const plan = await runCliAsync(['run', '-c', config, '--store', `shard-${index}.db`, '--batch', '--shard', `${index}/2`, '--dry-run'], { cwd: dir, env });
      expect(plan.stdout).toContain(`shard ${index}/2: about 1/2 of this work`);
      const run = await runCliAsync(['run', '-c', config, '--store', `shard-${index}.db`, '--batch', '--shard', `${index}/2`], { cwd: dir, env });
      expect(run.status, run.stderr).toBe(0);
      counts.push(resultCountsByStatus(join(dir, `shard-${index}.db`)).ok ?? 0);
    }
    expect(counts[0]! + counts[1]!).toBe(2 * ITEMS);
    expect(counts.every((count) => count > 0 && count < 2 * ITEMS)).toBe(true);
    expect([...api.linesSent.values()].every((count) => count === 1)).toBe(true); // no line in both shards
    expect(api.linesSent.size).toBe(2 * ITEMS);
    const merge = await runCliAsync(['merge', 'shard-0.db', 'shard-1.db', '-o', 'all.db'], { cwd: dir });
    expect(merge.status, merge.stderr).toBe(0);
    expect(await storedReport(dir, 'all.db')).toEqual(await storedReport(dir, 'live.db'));
  }, 120_000);

  it('--limit N by batch submits the first N items of each task only; --run N continues that run', async () => {
    const { dir, config, emulator: api } = await setUp();
    const first = await runCliAsync(['run', '-c', config, '--batch', '--limit', '5'], { cwd: dir, env });
    expect(first.status, first.stderr).toBe(0);
    expect(api.linesSent.size).toBe(2 * 5);
    expect(resultCountsByStatus(join(dir, 'scalegap.db'))).toEqual({ ok: 2 * 5 });
    const rest = await runCliAsync(['run', '-c', config, '--batch', '--run', '1'], { cwd: dir, env });
    expect(rest.status, rest.stderr).toBe(0);
    expect(api.linesSent.size).toBe(2 * ITEMS);
    expect([...api.linesSent.values()].every((count) => count === 1)).toBe(true);
    expect(resultCountsByStatus(join(dir, 'scalegap.db'))).toEqual({ ok: 2 * ITEMS });
    const missing = await runCliAsync(['run', '-c', config, '--batch', '--run', '7'], { cwd: dir, env });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no run 7/);
  }, 120_000);
});
