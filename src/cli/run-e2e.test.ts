import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeterministicBackend } from '../providers/test-server/deterministic-backend.js';
import { startTestServer, type TestServer } from '../providers/test-server/start-test-server.js';
import { choiceTaskLines, writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCliAsync, startCli } from '../test-support/run-cli-async.js';

const API_KEY = 'fake-e2e-0123456789-secret-key';
let server: TestServer | undefined;
let second: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  await second?.close();
  server = undefined;
  second = undefined;
});

function ladder(baseUrl: string): string {
  return [
    `  - { id: small, provider: openai, model: m-1b, params: 1b, baseUrl: "${baseUrl}", apiKeyEnv: OPENAI_API_KEY, price: { inputPerMTok: 0.5, outputPerMTok: 1 } }`,
    `  - { id: mid, provider: openai, model: m-3b, params: 3b, baseUrl: "${baseUrl}", apiKeyEnv: OPENAI_API_KEY, price: { inputPerMTok: 1, outputPerMTok: 2 } }`,
    `  - { id: large, provider: openai, model: m-7b, params: 7b, baseUrl: "${baseUrl}", apiKeyEnv: OPENAI_API_KEY, price: { inputPerMTok: 2, outputPerMTok: 4 } }`,
  ].join('\n');
}

interface StoredRow {
  model_id: string;
  item_id: string;
  sample: number;
  status: string;
  correct: number | null;
  confidence: number | null;
  loss: number | null;
  option_logprobs: string | null;
  error_reason: string | null;
  method: string | null;
  attempts: number;
}

function storedRows(file: string): StoredRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT * FROM results ORDER BY model_id, item_id, sample').all() as StoredRow[];
  } finally {
    db.close();
  }
}

const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: undefined };

describe('scalegap run against the HTTP test server (built CLI)', () => {
  it('runs a 3-model ladder, reports it, and never writes the API key anywhere', async () => {
    server = await startTestServer({ apiKey: API_KEY });
    const fixture = writeRunFixture({ items: 24, models: ladder(server.baseURL) });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/model small: confidence method option-logprobs/);
    expect(run.stderr).toMatch(/run 1 completed: 72 scored, 0 errors/);
    const rows = storedRows(join(fixture.dir, 'scalegap.db'));
    expect(rows).toHaveLength(72);
    expect(rows.every((row) => row.status === 'ok' && row.method === 'option-logprobs' && JSON.parse(row.option_logprobs!).length === 4)).toBe(true);
    expect(server.stats.unauthorized).toBe(0);

    const json = await runCliAsync(['report', '--json', 'report.json', '--md', 'report.md'], { cwd: fixture.dir });
    expect(json.status).toBe(0);
    const report = JSON.parse(readFileSync(join(fixture.dir, 'report.json'), 'utf8')) as {
      tasks: Array<{ task: string; models: Array<{ model: string; params: number; accuracy: number; loss: number; confidence: number; n: number }> }>;
    };
    expect(report.tasks.map((task) => task.task)).toEqual(['task']);
    // each model's figures are the means of its rows in the store
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    for (const summary of report.tasks[0]!.models) {
      const own = rows.filter((row) => row.model_id === summary.model);
      expect(summary.n).toBe(24);
      expect(summary.accuracy).toBeCloseTo(mean(own.map((row) => row.correct!)), 12);
      expect(summary.loss).toBeCloseTo(mean(own.map((row) => row.loss!)), 12);
      expect(summary.confidence).toBeCloseTo(mean(own.map((row) => row.confidence!)), 12);
    }
    expect(report.tasks[0]!.models.map((summary) => [summary.model, summary.params])).toEqual([['small', 1e9], ['mid', 3e9], ['large', 7e9]]);
    expect(readFileSync(join(fixture.dir, 'report.md'), 'utf8')).toMatch(/task/);
    const outputs = [run.stdout, run.stderr, json.stdout, json.stderr];
    for (const name of readdirSync(fixture.dir)) outputs.push(readFileSync(join(fixture.dir, name)).toString('latin1'));
    expect(outputs.filter((text) => text.includes(API_KEY) || text.includes('0123456789-secret'))).toEqual([]);
  });

  it('finishes a SIGKILLed run with --resume: nothing lost or duplicated, only the last moments asked again', async () => {
    server = await startTestServer({ apiKey: API_KEY, latencyMs: 25 });
    const fixture = writeRunFixture({ items: 60, models: ladder(server.baseURL) });
    const db = join(fixture.dir, 'scalegap.db');
    const first = startCli(['run', '-c', fixture.config, '-j', '2'], { cwd: fixture.dir, env });
    let stored = 0;
    while (stored < 40) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        stored = storedRows(db).length;
      } catch {
        stored = 0; // the store is not created yet
      }
    }
    // 0.7 s on (of ~2.3 s), so that a write window of 0.5 s or more would leave answers older than that
    await new Promise((resolve) => setTimeout(resolve, 700));
    const killedAtMs = Date.now();
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const before = storedRows(db);
    expect(before.length).toBeGreaterThanOrEqual(40);
    expect(before.length).toBeLessThan(180);
    const answeredBefore = new Map(server.stats.log.filter((entry) => entry.status === 200).map((entry) => [entry.bodySha256, entry.answeredAtMs!]));
    const logLength = server.stats.log.length;

    const resumed = await runCliAsync(['run', '-c', fixture.config, '--resume'], { cwd: fixture.dir, env });
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/resuming run 1/);
    const after = storedRows(db);
    expect(after).toHaveLength(180);
    expect(new Set(after.map((row) => `${row.model_id}/${row.item_id}/${row.sample}`)).size).toBe(180);
    expect(after.every((row) => row.status === 'ok')).toBe(true);
    // every row stored before the kill is unchanged
    const afterByKey = new Map(after.map((row) => [`${row.model_id}/${row.item_id}`, row]));
    for (const row of before) expect(afterByKey.get(`${row.model_id}/${row.item_id}`)).toEqual(row);
    // the resumed run sent exactly one request per missing result (no probe, nothing stored sent again)
    const sentAfter = server.stats.log.slice(logLength);
    expect(sentAfter).toHaveLength(180 - before.length);
    // answered but not stored at the kill, so asked again: only the requests in flight and the answers
    // of the last write window (WINDOW_MS = 10 ms; 500 ms allows for a loaded machine's event-loop lag)
    const askedAgain = sentAfter.filter((entry) => answeredBefore.has(entry.bodySha256));
    expect(askedAgain.map((entry) => killedAtMs - answeredBefore.get(entry.bodySha256)!).filter((ageMs) => ageMs > 500)).toEqual([]);
  }, 180_000);

  it('with 20% injected faults of every kind, scores or records every item of 200 × 3 with a reason', async () => {
    server = await startTestServer({ apiKey: API_KEY, retryAfterSeconds: 0.05 });
    const fixture = writeRunFixture({ items: 200, models: ladder(server.baseURL), extra: 'timeoutMs: 400\nretries: 3\nconcurrency: 16\n' });
    const db = join(fixture.dir, 'scalegap.db');
    // the capability probe runs on a healthy server (a probe answered by a fault could pick a weaker method)
    const probe = await runCliAsync(['run', '-c', fixture.config, '--limit', '1'], { cwd: fixture.dir, env });
    expect(probe.status).toBe(0);
    server.setFaults({ rate: 0.2, seed: 42 });
    const faulty = await runCliAsync(['run', '-c', fixture.config, '--resume'], { cwd: fixture.dir, env });
    for (const kind of ['rate-limit', 'server-error', 'hang', 'malformed-json', 'truncated-body', 'missing-logprobs'] as const) {
      expect(server.stats.faults[kind]).toBeGreaterThan(0);
    }
    const rows = storedRows(db);
    expect(rows).toHaveLength(600);
    const errors = rows.filter((row) => row.status === 'error');
    expect(errors.every((row) => typeof row.error_reason === 'string' && row.error_reason.length > 5)).toBe(true);
    // exit 1 exactly when an item ended in an error, with the count by cause on stderr
    expect(faulty.status).toBe(errors.length > 0 ? 1 : 0);
    if (errors.length > 0) expect(faulty.stderr).toContain(`${errors.length} ${errors.length === 1 ? 'item' : 'items'} ended in an error:`);
    // on a resumed run an answer without logprobs is a fault of that answer, retried as in a fresh run (issue 11, part 2)
    // (an item whose every attempt drew a fault may still end on that fault, but only after all 1 + 3 attempts)
    expect(errors.filter((row) => /logprobs/.test(row.error_reason!) && row.attempts !== 4)).toEqual([]);

    // every score that was stored equals the score of a fault-free run of the same requests
    server.setFaults({});
    const clean = writeRunFixture({ items: 200, models: ladder(server.baseURL) });
    writeFileSync(join(clean.dir, 'task.jsonl'), `${choiceTaskLines(200).join('\n')}\n`);
    expect((await runCliAsync(['run', '-c', clean.config], { cwd: clean.dir, env })).status).toBe(0);
    const reference = new Map(storedRows(join(clean.dir, 'scalegap.db')).map((row) => [`${row.model_id}/${row.item_id}`, row]));
    for (const row of rows.filter((candidate) => candidate.status === 'ok')) {
      const expected = reference.get(`${row.model_id}/${row.item_id}`)!;
      expect([row.option_logprobs, row.correct, row.loss, row.confidence]).toEqual([expected.option_logprobs, expected.correct, expected.loss, expected.confidence]);
    }

    // --retry-errors on the healthy server scores the rest
    const retried = await runCliAsync(['run', '-c', fixture.config, '--retry-errors'], { cwd: fixture.dir, env });
    expect(retried.status).toBe(0);
    expect(storedRows(db).filter((row) => row.status === 'ok')).toHaveLength(600);
  }, 300_000);

  it('falls back to the answer-letter method where echo is refused, and to stated confidence on Anthropic, parsed strictly', async () => {
    server = await startTestServer({ apiKey: API_KEY, support: { echo: 'refused' } });
    second = await startTestServer({
      apiKey: 'anthropic-key',
      backend: createDeterministicBackend({
        reply: (prompt) => (Number(/item (\d+)\?/.exec(prompt)?.[1] ?? 0) % 2 === 0 ? 'Answer: C\nConfidence: 80' : 'Answer: B\nConfidence: sure'),
      }),
    });
    const fixture = writeRunFixture({
      items: 6,
      models: [
        `  - { id: letters, provider: openai, model: m-1b, params: 1b, baseUrl: "${server.baseURL}", apiKeyEnv: OPENAI_API_KEY }`,
        `  - { id: stated, provider: anthropic, model: claude-x, params: 7b, baseUrl: "${second.baseURL}", apiKeyEnv: ANTHROPIC_API_KEY }`,
      ].join('\n'),
    });
    const run = await runCliAsync(['run', '-c', fixture.config], { cwd: fixture.dir, env: { ...env, ANTHROPIC_API_KEY: 'anthropic-key' } });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/model letters: confidence method letter-logprobs/);
    expect(run.stderr).toMatch(/model stated: confidence method verbalized/);
    const db = new Database(join(fixture.dir, 'scalegap.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM results ORDER BY model_id, item_id').all() as Array<StoredRow & { chosen: string; parse_status: string }>;
    db.close();
    expect(rows).toHaveLength(12);
    for (const row of rows.filter((candidate) => candidate.model_id === 'letters')) {
      expect([row.status, row.method]).toEqual(['ok', 'letter-logprobs']);
      const letters = (JSON.parse(row.option_logprobs!) as Array<number | null>).map((value) => (value === null ? -Infinity : value));
      expect(JSON.parse(row.chosen)).toBe(letters.indexOf(Math.max(...letters)));
      const total = letters.reduce((sum, value) => sum + Math.exp(value), 0);
      expect(row.confidence).toBeCloseTo(Math.exp(Math.max(...letters)) / total, 9);
    }
    const stated = rows.filter((row) => row.model_id === 'stated');
    expect(stated.map((row) => [row.item_id, row.method, JSON.parse(row.chosen), row.confidence, row.parse_status, row.correct])).toEqual([
      // gold answers are item index mod 4: q1, q2 and q5 are answered right
      ['q0', 'verbalized', 2, 0.8, 'ok', 0],
      ['q1', 'verbalized', 1, null, 'confidence-unparseable', 1],
      ['q2', 'verbalized', 2, 0.8, 'ok', 1],
      ['q3', 'verbalized', 1, null, 'confidence-unparseable', 0],
      ['q4', 'verbalized', 2, 0.8, 'ok', 0],
      ['q5', 'verbalized', 1, null, 'confidence-unparseable', 1],
    ]);
    const report = await runCliAsync(['report', '--json'], { cwd: fixture.dir });
    expect(report.status).toBe(0);
    const task = (JSON.parse(report.stdout) as { tasks: Array<{ notes: string[]; models: Array<{ model: string; confidence: number }> }> }).tasks[0]!;
    expect(task.notes.join(' ')).toMatch(/different methods \(letters: letter-logprobs, stated: verbalized\)/);
    expect(task.models.find((model) => model.model === 'stated')!.confidence).toBeCloseTo(0.8, 12);
  });
});
