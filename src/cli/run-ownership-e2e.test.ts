import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../providers/test-server/start-test-server.js';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCliAsync, startCli } from '../test-support/run-cli-async.js';

let server: TestServer | undefined;
afterEach(async () => server?.close());

function count(db: string, sql: string): number {
  let handle: Database.Database | undefined;
  try {
    handle = new Database(db, { readonly: true, fileMustExist: true });
    return handle.prepare(sql).pluck().get() as number;
  } catch {
    return 0; // not created yet
  } finally {
    handle?.close();
  }
}

describe('one writer per run, a killed run, a changed config (built CLI)', () => {
  it('refuses a second writer, marks a SIGKILLed run interrupted, and refuses to resume a re-pointed model', async () => {
    server = await startTestServer({ latencyMs: 30 });
    const models = `  - { id: small, provider: openai, model: m-1b, params: 1b, baseUrl: "${server.baseURL}" }\n  - { id: large, provider: openai, model: m-7b, params: 7b, baseUrl: "${server.baseURL}" }`;
    const fixture = writeRunFixture({ items: 60, models });
    const db = join(fixture.dir, 'scalegap.db');
    const env = { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined };
    const first = startCli(['run', '-c', fixture.config, '-j', '2'], { cwd: fixture.dir, env });
    while (count(db, 'SELECT COUNT(*) FROM results') < 10) await new Promise((resolve) => setTimeout(resolve, 30));

    const second = await runCliAsync(['run', '-c', fixture.config, '--resume'], { cwd: fixture.dir, env });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`^scalegap: run 1 is being written by process ${first.child.pid} on .* \\(last heartbeat \\d+ s ago\\); wait for it to finish or stop it, then resume\\n$`));

    first.child.kill('SIGKILL');
    await first.done;
    expect(count(db, "SELECT COUNT(*) FROM runs WHERE status = 'running'")).toBe(1);
    const resumed = await runCliAsync(['run', '-c', fixture.config, '--resume'], { cwd: fixture.dir, env });
    expect(resumed.stderr).toMatch(/run 1 had been killed: marked interrupted\nresuming run 1/);
    expect(resumed.status).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM results WHERE status = 'ok'")).toBe(120);
    expect(count(db, 'SELECT COUNT(*) FROM leases')).toBe(0);

    writeFileSync(fixture.config, readFileSync(fixture.config, 'utf8').replace('model: m-7b', 'model: m-7b-chat'));
    const changed = await runCliAsync(['run', '-c', fixture.config, '--resume'], { cwd: fixture.dir, env });
    expect(changed.status).toBe(2);
    expect(changed.stderr).toBe('scalegap: cannot resume run 1: model "large" changed (served model m-7b → m-7b-chat); its stored results would mix two measurements. ' +
      'Start a new run (drop --resume), or give a changed model a new id\n');
  }, 120_000);
});
