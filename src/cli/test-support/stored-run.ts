import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { runCliAsync } from '../../test-support/run-cli-async.js';

/**
 * Config lines for a ladder of OpenAI-compatible models named `m-<size>` at one base URL, keyed by
 * OPENAI_API_KEY; `extra` is appended inside each model's braces (e.g. `, price: {…}`).
 */
export function openAiLadder(baseUrl: string, sizes: string[], extra = ''): string {
  return sizes.map((size) => `  - { id: m-${size}, provider: openai, model: m-${size}, params: ${size}, baseUrl: "${baseUrl}", apiKeyEnv: OPENAI_API_KEY${extra} }`).join('\n');
}

/** How many results of a store have each status, e.g. `{ ok: 30, error: 1 }`. */
export function resultCountsByStatus(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT status, COUNT(*) AS n FROM results GROUP BY status').all() as Array<{ status: string; n: number }>;
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  } finally {
    db.close();
  }
}

/** The JSON report of the store `db` (a path relative to `dir`), with the store's own name replaced by STORE. */
export async function storedReport(dir: string, db: string): Promise<unknown> {
  const out = join(dir, `${db}.json`);
  const result = await runCliAsync(['report', '--db', db, '--json', out, '--bootstrap', '200'], { cwd: dir });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8').replaceAll(db, 'STORE'));
}

/**
 * The `--cost-limit` scenario of a batch run: the dry-run plan's batch-price estimate for `firstModel`, a limit of
 * 1.5 times it lets one batch through and stops before the second (exit 1, nothing else submitted), and `--resume`
 * submits the rest; `batchCount` reads how many batches the emulator has received.
 */
export async function expectCostLimitBeforeEachSubmission(options: {
  dir: string; config: string; env: Record<string, string | undefined>; firstModel: string; items: number; batchCount: () => number;
}): Promise<void> {
  const { dir, config, env, firstModel, items, batchCount } = options;
  const plan = await runCliAsync(['run', '-c', config, '--batch', '--dry-run'], { cwd: dir, env });
  const perModel = Number(new RegExp(`${firstModel}: .*≤ \\$([0-9.]+) at batch prices`).exec(plan.stdout)![1]);
  expect(perModel).toBeGreaterThan(0);
  const limited = await runCliAsync(['run', '-c', config, '--batch', '--cost-limit', String(perModel * 1.5)], { cwd: dir, env });
  expect(limited.status).toBe(1);
  expect(limited.stderr).toMatch(new RegExp(`${items} results not submitted: their batches could pass the cost limit`));
  expect(batchCount()).toBe(1);
  const rest = await runCliAsync(['run', '-c', config, '--batch', '--resume'], { cwd: dir, env });
  expect(rest.status, rest.stderr).toBe(0);
  expect(batchCount()).toBe(2);
  expect(resultCountsByStatus(join(dir, 'scalegap.db'))).toEqual({ ok: 2 * items });
}
