import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startMessageBatchEmulator, type MessageBatchEmulator, type MessageBatchEmulatorFaults } from '../providers/test-support/batch-api/anthropic-batch-emulator.js';
import { createDeterministicBackend } from '../providers/test-server/deterministic-backend.js';
import { startTestServer, type TestServer } from '../providers/test-server/start-test-server.js';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCliAsync, startCli } from '../test-support/run-cli-async.js';
import { expectCostLimitBeforeEachSubmission, resultCountsByStatus, storedReport } from './test-support/stored-run.js';

const API_KEY = 'test-key-e2e-batch-secret-13579';
const env = { ANTHROPIC_API_KEY: API_KEY };
const ITEMS = 12;
let server: TestServer | undefined;
let emulator: MessageBatchEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  await server?.close();
  emulator = server = undefined;
});

/** Two Claude models behind the emulator; the backend states a letter and a confidence that vary with the item. */
async function setUp(faults: MessageBatchEmulatorFaults = {}): Promise<{ dir: string; config: string; emulator: MessageBatchEmulator }> {
  const reply = (prompt: string): string => {
    const item = Number(/item (\d+)\?/.exec(prompt)?.[1] ?? 0);
    return `Answer: ${'ABCD'[item % 3]}\nConfidence: ${50 + item * 3}`;
  };
  server = await startTestServer({ apiKey: API_KEY, backend: createDeterministicBackend({ reply }) });
  emulator = await startMessageBatchEmulator({ backend: server.url, backendKey: API_KEY, apiKey: API_KEY, faults });
  const models = ['s', 'l'].map((size, index) => `  - { id: claude-${size}, provider: anthropic, model: claude-${size}, params: ${index === 0 ? '8b' : '70b'}, baseUrl: "${emulator!.baseURL}", apiKeyEnv: ANTHROPIC_API_KEY, price: { inputPerMTok: 3, outputPerMTok: 15 } }`).join('\n');
  const fixture = writeRunFixture({ items: ITEMS, models, extra: 'batch: { pollIntervalMs: 100 }\n' });
  return { ...fixture, emulator };
}

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
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

/** Each request the emulator's batches carried, as canonical text (the params sent to the backend). */
const bodiesOf = (api: MessageBatchEmulator): string[] => api.batches.flatMap((batch) => batch.requests.map((request) => JSON.stringify(request.params))).sort();

describe('scalegap run --batch against an Anthropic Message Batches emulator (built CLI, real SQLite)', () => {
  it('measures the ladder by batch with the live requests and cache keys, and reports like a live run at half the price', async () => {
    const { dir, config, emulator: api } = await setUp();
    const live = await runCliAsync(['run', '-c', config, '--store', 'live.db'], { cwd: dir, env });
    expect(live.status, live.stderr).toBe(0);
    const liveBodies = server!.stats.log.filter((entry) => entry.path === '/v1/messages').map((entry) => entry.bodySha256);
    server!.resetStats();
    const plan = await runCliAsync(['run', '-c', config, '--store', 'batch.db', '--batch', '--dry-run'], { cwd: dir, env });
    expect(plan.stdout).toMatch(/claude-s: 12 requests in 1 batch\(es\) of ≤ 100000, ≤ \$[0-9.]+ at batch prices \(50% of live\)/);
    const run = await runCliAsync(['run', '-c', config, '--store', 'batch.db', '--batch'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    expect(api.batches).toHaveLength(2);
    expect(api.batches.every((batch) => batch.processing_status === 'ended' && batch.request_counts.succeeded === ITEMS)).toBe(true);
    expect([...api.linesSent.values()].every((count) => count === 1)).toBe(true);
    // the backend got byte for byte the bodies of the live run (the probes are live in both)
    expect(server!.stats.log.filter((entry) => entry.path === '/v1/messages').map((entry) => entry.bodySha256).sort()).toEqual([...liveBodies].sort());
    expect(bodiesOf(api)).toHaveLength(2 * ITEMS);
    const keys = (file: string): string[] => query<{ key: string }>(join(dir, file), 'SELECT key FROM response_cache ORDER BY key').map((row) => row.key);
    expect(keys('batch.db')).toEqual(keys('live.db'));
    expect(resultCountsByStatus(join(dir, 'batch.db'))).toEqual({ ok: 2 * ITEMS });
    const spent = (file: string): number => query<{ usd: number }>(join(dir, file), 'SELECT SUM(cost_usd) AS usd FROM results')[0]!.usd;
    expect(spent('live.db')).toBeGreaterThan(0);
    expect(spent('batch.db')).toBeCloseTo(spent('live.db') / 2, 12);
    expect(await storedReport(dir, 'batch.db')).toEqual(await storedReport(dir, 'live.db'));
    const status = await runCliAsync(['run', '-c', config, '--store', 'batch.db', '--status'], { cwd: dir, env });
    expect(status.stdout).toMatch(/run 1: completed, 2 batch jobs\n {2}job 1 claude-s \/v1\/messages: done, batch msgbatch_\d+ \(ended\)/);
    for (const file of ['batch.db', 'live.db']) expect(readFileSync(join(dir, file)).includes(API_KEY)).toBe(false);
    expect(`${run.stdout}${run.stderr}${plan.stdout}${status.stdout}`).not.toContain(API_KEY);
  }, 120_000);

  const stages: Array<[string, MessageBatchEmulatorFaults, (api: MessageBatchEmulator) => boolean]> = [
    ['right after submitting (the batch exists, its id never arrived)', { holdCreate: true }, (api) => api.batches.length === 1],
    ['while polling', {}, (api) => api.batches.some((batch) => batch.processing_status === 'in_progress' && api.log.some((entry) => entry.method === 'GET' && entry.path === `/v1/messages/batches/${batch.id}`))],
    ['mid-download', { holdDownload: true }, (api) => api.log.some((entry) => entry.path.endsWith('/results'))],
  ];
  it.each(stages)('killed with SIGKILL %s, --resume never submits twice and loses nothing', async (stage, faults, reached) => {
    const { dir, config, emulator: api } = await setUp(faults);
    const cli = startCli(['run', '-c', config, '--batch'], { cwd: dir, env });
    await waitFor(() => reached(api), 'the stage');
    cli.child.kill('SIGKILL');
    expect((await cli.done).signal).toBe('SIGKILL');
    const db = join(dir, 'scalegap.db');
    // the custom-id → (model, item, sample) map was committed before the batch was submitted
    const lines = query<{ custom_id: string; item_id: string }>(db, "SELECT l.custom_id, l.item_id FROM batch_lines l JOIN batch_jobs j ON j.id = l.job_id WHERE j.model_id = 'claude-s'");
    expect(lines.map((line) => line.custom_id).sort()).toEqual(api.batches[0]!.requests.map((request) => request.custom_id).sort());
    if (stage.startsWith('right after')) expect(query(db, 'SELECT batch_id FROM batch_jobs WHERE batch_id IS NOT NULL')).toHaveLength(0);
    api.faults = {};
    const resumed = await runCliAsync(['run', '-c', config, '--batch', '--resume'], { cwd: dir, env });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(api.batches).toHaveLength(2); // one per model, whatever the kill
    expect(api.log.filter((entry) => entry.method === 'POST' && entry.path === '/v1/messages/batches')).toHaveLength(2);
    expect([...api.linesSent.values()].every((count) => count === 1)).toBe(true);
    expect(api.linesSent.size).toBe(2 * ITEMS);
    expect(resultCountsByStatus(db)).toEqual({ ok: 2 * ITEMS });
    if (stage.startsWith('right after')) expect(resumed.stderr).toMatch(/re-attached to batch msgbatch_0000/);
  }, 120_000);

  it('leaves server-errored, expired and canceled lines to do and --resume submits only those; a refused request is stored as failed', async () => {
    const { dir, config, emulator: api } = await setUp({ failLineIndexes: new Set([1, 4]), invalidLineIndexes: new Set([6]), expireAfterLines: ITEMS - 3 });
    const first = await runCliAsync(['run', '-c', config, '--batch'], { cwd: dir, env });
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(/10 failed or expired lines are left: scalegap run -c .* --batch --resume submits only those/);
    const db = join(dir, 'scalegap.db');
    expect(resultCountsByStatus(db)).toEqual({ ok: 2 * (ITEMS - 6), error: 2 });
    const failed = query<{ error_reason: string; item_id: string }>(db, "SELECT error_reason, item_id FROM results WHERE status = 'error'");
    expect(failed.map((row) => row.item_id)).toEqual(['q6', 'q6']); // the refused line of each model's batch
    expect(failed.every((row) => /injected invalid request/.test(row.error_reason))).toBe(true);
    api.faults = { cancelAfterLines: 2 };
    const second = await runCliAsync(['run', '-c', config, '--batch', '--resume'], { cwd: dir, env });
    expect(second.status).toBe(1);
    expect(api.batches.map((batch) => batch.requests.length)).toEqual([ITEMS, ITEMS, 5, 5]);
    expect(api.batches.slice(2).every((batch) => batch.request_counts.canceled === 3)).toBe(true);
    api.faults = {};
    const third = await runCliAsync(['run', '-c', config, '--batch', '--resume'], { cwd: dir, env });
    expect(third.status, third.stderr).toBe(0);
    expect(api.batches.map((batch) => batch.requests.length)).toEqual([ITEMS, ITEMS, 5, 5, 3, 3]);
    expect([...api.linesSent.values()].every((count) => count === 1)).toBe(true);
    expect(resultCountsByStatus(db)).toEqual({ ok: 2 * (ITEMS - 1), error: 2 });
  }, 120_000);

  it('checks --cost-limit before each submission (estimates at batch prices), and --resume submits the rest', async () => {
    const { dir, config, emulator: api } = await setUp();
    await expectCostLimitBeforeEachSubmission({ dir, config, env, firstModel: 'claude-s', items: ITEMS, batchCount: () => api.batches.length });
  }, 120_000);
});
