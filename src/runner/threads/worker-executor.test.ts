import { afterAll, describe, expect, it } from 'vitest';
import { analyzeItems, analyzeItemsWith } from '../../analysis/items/analyze-items.js';
import { analyzeStoredRun, analyzeStoredRunWith } from '../../analysis/items/analyze-stored-run.js';
import type { ItemResult } from '../../core/item-result.js';
import { simulateLadder } from '../../analysis/items/test-support/simulate-ladder.js';
import { renderJsonReport } from '../../report/json-report.js';
import { itemAnalysisExecutor } from './analysis-executor.js';
import { createWorkerExecutor } from './worker-executor.js';

const two = createWorkerExecutor(2);
const one = createWorkerExecutor(1);
afterAll(async () => { await two.close(); await one.close(); });

/** Ladders with several verdicts, some of which the adjustment across tasks demotes. */
const ladders = Array.from({ length: 7 }, (_, t) => ({
  ...simulateLadder({ params: [1e8, 3e8, 1e9, 3e9, 1e10], items: 120 + 20 * t, accuracy: (x) => 0.3 + (t % 3) * 0.02 * (x - 8), seed: 10 + t, overconfidence: 0.02 * (t % 2) }),
  task: `task-${t}`,
}));

describe('item-level analyses on worker threads (issue 12)', () => {
  it('give the result of one thread to the last digit, fallbacks of demoted verdicts included, however the ladders are spread', async () => {
    const options = { resamples: 200, seed: 3 };
    const alone = renderJsonReport(analyzeItems(ladders, options));
    expect(alone).toContain('does not survive');
    expect(renderJsonReport(await analyzeItemsWith(two, ladders, options))).toBe(alone);
    expect(renderJsonReport(await analyzeItemsWith(one, ladders, options))).toBe(alone);
  });

  it('are used only for enough work on several ladders and cores', () => {
    expect(itemAnalysisExecutor(ladders, 200, 2).executor).not.toHaveProperty('threads');
    expect(itemAnalysisExecutor(ladders.slice(0, 1), 1e6, 2).executor).not.toHaveProperty('threads');
    expect(itemAnalysisExecutor(ladders, 1e6, 1).executor).not.toHaveProperty('threads');
    const lease = itemAnalysisExecutor(ladders, 1e6, 2);
    expect(lease.executor).toHaveProperty('threads', 2);
    return lease.close();
  });

  it('analyse a stored run (what report and lab run print) to the last digit, and release the executor', async () => {
    const items: ItemResult[] = ladders.flatMap((ladder) => ladder.models.flatMap((model) => ladder.itemIds.map((item, i) => ({
      task: ladder.task, family: null, model: model.model, params: model.params, item, correct: model.correct[i] === 1,
      confidence: model.confidence?.[i] ?? null, loss: model.loss?.[i] ?? null, method: 'option-logprobs' as const,
    }))));
    const stored = { items, chanceByTask: new Map([['task-0', 0.25]]) };
    const options = { resamples: 200, seed: 5 };
    let closed = 0;
    const threaded = await analyzeStoredRunWith(() => ({ executor: two, close: async () => { closed++; } }), stored, options);
    expect(renderJsonReport(threaded)).toBe(renderJsonReport(analyzeStoredRun(stored, options)));
    expect(closed).toBe(1);
  });
});
