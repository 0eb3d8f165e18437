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
