import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../providers/test-server/start-test-server.js';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCliAsync } from '../test-support/run-cli-async.js';
import { openAiLadder, storedReport } from './test-support/stored-run.js';

const API_KEY = 'fake-shard-0123456789-secret-key';
const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: undefined };
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function keys(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT model_id || ' ' || item_id || ' ' || sample AS key FROM results WHERE status = 'ok'").pluck().all() as string[]).sort();
  } finally {
    db.close();
  }
}

describe('scalegap run --shard and scalegap merge (built CLI, test server, real SQLite)', () => {
  it('three shards cover the run exactly once, and the merged store reports like the unsharded run', async () => {
    server = await startTestServer({ apiKey: API_KEY });
    const fixture = writeRunFixture({ items: 30, models: openAiLadder(server.baseURL, ['1b', '3b', '7b']) });
    const whole = await runCliAsync(['run', '-c', fixture.config, '--store', 'whole.db'], { cwd: fixture.dir, env });
    expect(whole.status, whole.stderr).toBe(0);
    const shardKeys: string[][] = [];
    for (let index = 0; index < 3; index++) {
      const run = await runCliAsync(['run', '-c', fixture.config, '--shard', `${index}/3`, '--store', `shard-${index}.db`], { cwd: fixture.dir, env });
      expect(run.status, run.stderr).toBe(0);
      shardKeys.push(keys(join(fixture.dir, `shard-${index}.db`)));
    }
    const all = shardKeys.flat();
    expect(new Set(all).size).toBe(all.length); // no overlap
    expect(all.sort()).toEqual(keys(join(fixture.dir, 'whole.db'))); // exactly the unsharded work
    expect(shardKeys.every((list) => list.length > 10 && list.length < 50)).toBe(true);

    const merge = await runCliAsync(['merge', 'shard-0.db', 'shard-1.db', 'shard-2.db', '-o', 'all.db'], { cwd: fixture.dir });
    expect(merge.status, merge.stderr).toBe(0);
    expect(merge.stderr).toMatch(/merged into all\.db: 90 results, 0 duplicates, 0 errors superseded by scored results, 0 conflicts/);
    expect(await storedReport(fixture.dir, 'all.db')).toEqual(await storedReport(fixture.dir, 'whole.db'));

    const twice = await runCliAsync(['merge', 'all.db', 'shard-1.db', '-o', 'all.db'], { cwd: fixture.dir });
    expect(twice.status, twice.stderr).toBe(0);
    expect(twice.stderr).toContain(`90 results, ${shardKeys[1]!.length} duplicates`);
    expect(keys(join(fixture.dir, 'all.db'))).toEqual(keys(join(fixture.dir, 'whole.db')));
  }, 120_000);

  it('refuses to merge stores of different configs with exit 2, writing nothing', async () => {
    server = await startTestServer({ apiKey: API_KEY });
    const fixture = writeRunFixture({ items: 4, models: openAiLadder(server.baseURL, ['1b', '3b', '7b']) });
    expect((await runCliAsync(['run', '-c', fixture.config, '--store', 'a.db'], { cwd: fixture.dir, env })).status).toBe(0);
    writeFileSync(fixture.config, `${readFileSync(fixture.config, 'utf8')}samples: 3\n`);
    expect((await runCliAsync(['run', '-c', fixture.config, '--store', 'b.db'], { cwd: fixture.dir, env })).status).toBe(0);
    const merge = await runCliAsync(['merge', 'a.db', 'b.db', '-o', 'ab.db'], { cwd: fixture.dir });
    expect(merge.status).toBe(2);
    expect(merge.stderr).toMatch(/b\.db.*different run from a\.db.*samples \(5 vs 3\)/);
    expect(() => readFileSync(join(fixture.dir, 'ab.db'))).toThrow();
  }, 60_000);
});
