import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { ResultsRepository } from '../store/results-repository.js';
import { loadConfig } from './load-config.js';
import { runHarness, type HarnessOptions } from './run-harness.js';
import { ScriptedProvider } from './test-support/scripted-provider.js';
import { writeRunFixture } from './test-support/write-run-fixture.js';

describe('a full disk', () => {
  it('stops the run with one line naming the store and the fix, and --resume finishes it once space is back', async () => {
    const fixture = writeRunFixture({ items: 400 });
    const file = join(fixture.dir, 'scalegap.db');
    const db = openStore(file);
    const repository = new ResultsRepository(db);
    const base = (): HarnessOptions => ({ config: loadConfig(fixture.config), repository, createProvider: (model) => new ScriptedProvider(model.id) });
    // SQLite's own limit on the database size: past it every write fails with SQLITE_FULL, as on a full disk
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 40}`);
    const error = await runHarness(base()).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'STORE_FAILED' });
    expect((error as Error).message).toBe(`cannot write to the store ${file}: the disk is full (SQLITE_FULL); ` +
      'free space on that disk, then continue the run with --resume (every stored result is kept)');
    const stored = repository.readResults(1).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(800);

    db.pragma('max_page_count = 1073741823');
    const resumed = await runHarness({ ...base(), resume: true });
    expect(resumed).toMatchObject({ runId: 1, status: 'completed', remaining: 0 });
    expect(repository.readResults(1)).toHaveLength(800);
  });
});
