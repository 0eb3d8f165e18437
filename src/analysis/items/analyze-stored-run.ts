import type { ItemResult } from '../../core/item-result.js';
import type { AnalysisResult } from '../analyze.js';
import type { TaskExecutor } from '../task-jobs.js';
import { analyzeItems, analyzeItemsWith, type ItemAnalysisOptions } from './analyze-items.js';
import { ItemLadderCollector, type ItemLadder } from './item-ladder.js';

/** What the analysis of a stored run needs: its item results and each task's chance accuracy. */
export interface RunItems {
  items: ItemResult[];
  chanceByTask: Map<string, number | null>;
}

/** Runs the per-ladder analyses somewhere (this thread, or worker threads), with how to release it. */
export type LadderExecutorLease = (ladders: ItemLadder[]) => { executor: TaskExecutor; close(): Promise<void> };

/**
 * The analysis of a stored run: item-level (paired bootstrap, calibration, fits, recommendation).
 * A model that lacks items the others have (failed requests) makes its ladder fall back to
 * aggregate statistics, with a note naming the items.
 */
export function analyzeStoredRun(stored: RunItems, options: Partial<ItemAnalysisOptions>): AnalysisResult {
  return withStoredRunNotes(analyzeItems(storedRunLadders(stored), options), stored);
}

/** analyzeStoredRun with the per-ladder analyses on an executor from `lease` (e.g. worker threads): the same result. */
export async function analyzeStoredRunWith(lease: LadderExecutorLease, stored: RunItems, options: Partial<ItemAnalysisOptions>): Promise<AnalysisResult> {
  const ladders = storedRunLadders(stored);
  const { executor, close } = lease(ladders);
  try {
    return withStoredRunNotes(await analyzeItemsWith(executor, ladders, options), stored);
  } finally {
    await close();
  }
}

function storedRunLadders(stored: RunItems): ItemLadder[] {
  const collector = new ItemLadderCollector();
  for (const item of stored.items) collector.add(item);
  return collector.build('report').map((ladder) => ({ ...ladder, chance: stored.chanceByTask.get(ladder.task) ?? ladder.chance }));
}

function withStoredRunNotes(result: AnalysisResult, stored: RunItems): AnalysisResult {
  for (const task of result.tasks) {
    const rows = stored.items.filter((item) => item.task === task.task && item.family === task.family);
    noteMissingConfidence(task, rows);
    const methods = methodsByModel(rows);
    if (new Set(methods.map(([, method]) => method)).size > 1) {
      task.notes.push(`Confidence was measured with different methods (${methods.map(([model, method]) => `${model}: ${method}`).join(', ')}): its slope mixes methods.`);
    }
  }
  return result;
}

/**
 * A model with some unreadable confidences (e.g. a stated confidence that did not parse) has no
 * paired confidence column: its mean confidence is then taken over the items that have one, and a
 * note says how many lack it.
 */
function noteMissingConfidence(task: AnalysisResult['tasks'][number], rows: ItemResult[]): void {
  for (const model of task.models) {
    if (model.confidence !== null) continue;
    const values = rows.filter((row) => row.model === model.model && row.confidence !== null).map((row) => row.confidence!);
    if (values.length === 0) continue;
    const total = rows.filter((row) => row.model === model.model).length;
    model.confidence = values.reduce((sum, value) => sum + value, 0) / values.length;
    task.notes.push(`${model.model}: ${total - values.length} of ${total} items have no readable confidence; its mean confidence is over the other ${values.length}, and its calibration and the confidence trend leave it out.`);
  }
}

/** The confidence method(s) of each model, in order of first appearance. */
function methodsByModel(items: ItemResult[]): Array<[string, string]> {
  const byModel = new Map<string, Set<string>>();
  for (const item of items) {
    const methods = byModel.get(item.model) ?? new Set<string>();
    methods.add(item.method ?? 'unknown');
    byModel.set(item.model, methods);
  }
  return [...byModel].map(([model, methods]) => [model, [...methods].join('+')]);
}

