import { generateProbeSuite } from '../src/tasks/probes/generate-probe-suite.js';
import { PROBE_TYPES } from '../src/tasks/probes/probe-case.js';
import { serializeTaskItem } from '../src/tasks/serialize-task-item.js';

const N = 10_000;

/** Probe generation speed: 10,000 items per type (mixed difficulty), against serialising them alone. */
export async function run(): Promise<void> {
  for (const type of PROBE_TYPES) {
    const started = performance.now();
    const items = generateProbeSuite({ type, n: N, seed: 1, format: 'mc' });
    const generateMs = performance.now() - started;
    const serializeStarted = performance.now();
    const bytes = items.reduce((total, item) => total + serializeTaskItem(item).length + 1, 0);
    const serializeMs = performance.now() - serializeStarted;
    console.log(
      `${type.padEnd(14)} ${N} items in ${generateMs.toFixed(0)} ms (${((N / generateMs) * 1000).toFixed(0)} items/s, ${(bytes / 1e6).toFixed(1)} MB JSONL); ` +
        `serialising alone ${serializeMs.toFixed(0)} ms; ratio ${(generateMs / serializeMs).toFixed(1)}× (target: a 1,000-item suite well under 1 s)`,
    );
  }
}
