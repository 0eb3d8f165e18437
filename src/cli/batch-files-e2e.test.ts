import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../providers/test-server/start-test-server.js';
import type { BatchInputLine } from '../runner/batch/batch-lines.js';
import { runBatchFile } from '../runner/batch/test-support/run-batch-file.js';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCliAsync } from '../test-support/run-cli-async.js';
import { openAiLadder, resultCountsByStatus, storedReport } from './test-support/stored-run.js';

const API_KEY = 'fake-batch-file-0123456789-secret';
const env = { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: undefined };
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function readLines(file: string): BatchInputLine[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as BatchInputLine);
}

describe.each([
  ['option log-probs (/v1/completions echo)', ''],
  ['verbalized confidence (/v1/chat/completions)', 'confidence: verbalized\n'],
])('scalegap export --format openai-batch and import-batch, %s (built CLI, test server)', (_name, extra) => {
  it('exports the bodies a live run sends, imports shuffled answers with failures, and reports like the live run', async () => {
    server = await startTestServer({ apiKey: API_KEY });
    const fixture = writeRunFixture({ items: 16, models: openAiLadder(server.baseURL, ['1b', '7b']), extra });
    const run = (args: string[]) => runCliAsync(args, { cwd: fixture.dir, env });
    expect((await run(['run', '-c', fixture.config, '--store', 'live.db'])).status).toBe(0);
    const liveBodies = new Set(server.stats.log.map((record) => record.bodySha256));

    expect((await run(['run', '-c', fixture.config, '--store', 'batch.db', '--limit', '1'])).status).toBe(0);
    const exported = await run(['export', '-c', fixture.config, '--store', 'batch.db', '-o', 'requests.jsonl']);
    expect(exported.status, exported.stderr).toBe(0);
    const lines = readLines(join(fixture.dir, 'requests.jsonl'));
    expect(lines).toHaveLength(2 * 15);
    expect(exported.stderr).toContain('30 requests for 30 results');
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
    // each exported body is byte for byte one that the live run sent
    for (const line of lines) expect(liveBodies.has(createHash('sha256').update(JSON.stringify(line.body)).digest('hex'))).toBe(true);

    const [failed, dropped] = [lines[3]!.custom_id, lines[7]!.custom_id];
    const headers = { authorization: `Bearer ${API_KEY}` };
    await runBatchFile(join(fixture.dir, 'requests.jsonl'), join(fixture.dir, 'out.jsonl'), server.url, headers, { errors: new Map([[failed, 500]]), dropped: new Set([dropped]) });
    const imported = await run(['import-batch', 'out.jsonl', '-c', fixture.config, '--store', 'batch.db']);
    expect(imported.status).toBe(1); // one result failed, one has no answer yet
    expect(imported.stderr).toContain('imported 29 results from 29 output lines');
    expect(imported.stderr).toContain('1 results of the run have no answer');
    expect(resultCountsByStatus(join(fixture.dir, 'batch.db'))).toEqual({ ok: 30, error: 1 });

    // the next export holds the dropped line, and the failed one with --retry-errors; importing them completes the run
    const again = await run(['export', '-c', fixture.config, '--store', 'batch.db', '-o', 'again.jsonl', '--retry-errors']);
    expect(again.status, again.stderr).toBe(0);
    expect(readLines(join(fixture.dir, 'again.jsonl')).map((line) => line.custom_id).sort()).toEqual([failed, dropped].sort());
    await runBatchFile(join(fixture.dir, 'again.jsonl'), join(fixture.dir, 'again-out.jsonl'), server.url, headers);
    const finished = await run(['import-batch', 'again-out.jsonl', 'out.jsonl', '-c', fixture.config, '--store', 'batch.db', '--retry-errors']);
    expect(finished.status, finished.stderr).toBe(0);
    expect(resultCountsByStatus(join(fixture.dir, 'batch.db'))).toEqual({ ok: 32 });
    expect(await storedReport(fixture.dir, 'batch.db')).toEqual(await storedReport(fixture.dir, 'live.db'));
  }, 120_000);
});

describe('scalegap import-batch with a bad output file', () => {
  it('names the file, line and field, exits 2 and writes nothing', async () => {
    server = await startTestServer({ apiKey: API_KEY });
    const fixture = writeRunFixture({ items: 3, models: openAiLadder(server.baseURL, ['1b', '7b']) });
    expect((await runCliAsync(['run', '-c', fixture.config, '--limit', '1'], { cwd: fixture.dir, env })).status).toBe(0);
    writeFileSync(join(fixture.dir, 'bad.jsonl'), `${JSON.stringify({ id: 'x', custom_id: 'sg-1', response: null, error: null })}\n{"id": "y", "response": null}\n`);
    const result = await runCliAsync(['import-batch', 'bad.jsonl', '-c', fixture.config], { cwd: fixture.dir, env });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.jsonl.*line 2.*custom_id/);
    expect(resultCountsByStatus(join(fixture.dir, 'scalegap.db'))).toEqual({ ok: 2 });
  }, 60_000);
});
