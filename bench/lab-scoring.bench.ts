import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabManifest } from '../src/lab/lab-manifest.js';
import { shippedLadderDir } from '../src/lab/shipped-ladder-dir.js';
import { runLabHarness } from '../src/lab/run-lab-harness.js';

/**
 * Scoring the shipped lab ladder (15 GGUF models, the default tasks) through the harness, the way
 * `scalegap lab run` does: the models spread over llama host processes (one per core), against the
 * reference of every model in this one process (SCALEGAP_LLAMA_HOSTS=0 there), same items, same
 * store layout. Prints wall times and their ratio, and checks that both stored the same scores.
 */
export async function run(): Promise<void> {
  const dir = shippedLadderDir();
  const manifest = readLabManifest(dir);
  const taskNames = Object.entries(manifest.tasks).filter(([, task]) => task.role !== 'diagnostic' && task.role !== 'variants').map(([name]) => name);
  const folder = mkdtempSync(join(tmpdir(), 'scalegap-lab-bench-'));
  const measure = async (label: string, hosts: string | undefined) => {
    const before = process.env.SCALEGAP_LLAMA_HOSTS;
    if (hosts === undefined) delete process.env.SCALEGAP_LLAMA_HOSTS;
    else process.env.SCALEGAP_LLAMA_HOSTS = hosts;
    const started = performance.now();
    try {
      const { stored } = await runLabHarness({ ladderDir: dir, manifest, taskNames, store: join(folder, `${label}.db`) });
      return { seconds: (performance.now() - started) / 1000, stored };
    } finally {
      if (before === undefined) delete process.env.SCALEGAP_LLAMA_HOSTS;
      else process.env.SCALEGAP_LLAMA_HOSTS = before;
    }
  };
  try {
    const inline = await measure('one-process', '0');
    const hosted = await measure('hosts', undefined);
    const key = (rows: typeof inline.stored.items) => rows.map((row) => `${row.model} ${row.task} ${row.item} ${row.correct} ${row.loss?.toFixed(9)}`).sort().join('\n');
    const same = key(inline.stored.items) === key(hosted.stored.items);
    console.log(`lab scoring, ${inline.stored.items.length} item results of ${manifest.models.length} models: `
      + `host processes ${hosted.seconds.toFixed(1)} s wall vs one process ${inline.seconds.toFixed(1)} s (ratio ${(hosted.seconds / inline.seconds).toFixed(2)}); `
      + `same scores: ${same ? 'yes' : 'NO'}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
