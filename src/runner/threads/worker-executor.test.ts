import { afterAll, describe, expect, it } from 'vitest';
import { emptyMeasurement, type Measurement } from '../../core/measurement.js';
import { analyze, analyzeWith } from '../../analysis/analyze.js';
import { analyzeItems, analyzeItemsWith } from '../../analysis/items/analyze-items.js';
import { simulateLadder } from '../../analysis/items/test-support/simulate-ladder.js';
import { renderJsonReport } from '../../report/json-report.js';
import { createWorkerExecutor } from './worker-executor.js';

const executor = createWorkerExecutor(2);
const single = createWorkerExecutor(1);
afterAll(async () => { await executor.close(); await single.close(); });

/** Ladders with every kind of verdict, some of which the adjustment across tasks demotes. */
const ladders = Array.from({ length: 7 }, (_, t) => ({
  ...simulateLadder({ params: [1e8, 3e8, 1e9, 3e9, 1e10], items: 150 + 20 * t, accuracy: (x) => 0.3 + (t % 3) * 0.02 * (x - 8), seed: 10 + t, overconfidence: 0.02 * (t % 2) }),
  task: `task-${t}`,
}));

function measurements(tasks: number): Measurement[] {
  return Array.from({ length: tasks }, (_, t) => [1e8, 1e9, 1e10, 1e11].map((params, j) => {
    const accuracy = 0.4 + ((t % 5) - 2) * 0.01 * j + 0.003 * ((t * 7 + j * 3) % 5);
    return { ...emptyMeasurement(`task-${t}`, `m${j}`, params), accuracy, accuracyPct: accuracy * 100, loss: 2 - 0.1 * j, n: 500, chance: 0.25 };
  })).flat();
}

describe('analyses on worker threads (issue 12)', () => {
  it('give the item-level result of one thread, to the last digit, fallbacks of demoted verdicts included', async () => {
    const options = { resamples: 300, seed: 3 };
    const alone = renderJsonReport(analyzeItems(ladders, options));
    const threaded = renderJsonReport(await analyzeItemsWith(executor, ladders, options));
    expect(threaded).toBe(alone);
    expect(alone).toContain('does not survive');
  });

  it('give the aggregate result of one thread, to the last digit', async () => {
    const rows = measurements(60);
    const alone = renderJsonReport(analyze(rows));
    expect(renderJsonReport(await analyzeWith(executor, rows))).toBe(alone);
    expect(renderJsonReport(await analyzeWith(single, rows.slice(0, 8)))).toBe(renderJsonReport(analyze(rows.slice(0, 8))));
  });
});
