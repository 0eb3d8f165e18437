import type { ItemResult } from '../core/item-result.js';
import type { TaskItem } from '../core/task.js';
import type { ResultRow } from './result-row.js';
import type { ResultsRepository } from './results-repository.js';

/** The item results of a stored run, plus what the analysis needs beside them. */
export interface StoredRunResults {
  runId: number;
  items: ItemResult[];
  /** Failed results (requests that ended in an error), per model id. */
  errorsByModel: Map<string, number>;
  /** Chance accuracy per task: mean of 1/choices over its multiple-choice items (null for free-form tasks). */
  chanceByTask: Map<string, number | null>;
}

/** Combines the samples of one item (consistency): the majority answer, its share as confidence. */
export function combineSamples(rows: ResultRow[]): Pick<ItemResult, 'correct' | 'confidence' | 'chosen'> {
  const votes = new Map<string, { count: number; row: ResultRow }>();
  for (const row of rows) {
    if (row.chosen === null) continue;
    const key = JSON.stringify(row.chosen);
    const vote = votes.get(key);
    if (vote) vote.count++;
    else votes.set(key, { count: 1, row });
  }
  let best: { count: number; row: ResultRow } | undefined;
  for (const vote of votes.values()) if (!best || vote.count > best.count) best = vote;
  if (!best) return { correct: false, confidence: null, chosen: null };
  return { correct: best.row.correct === true, confidence: best.count / rows.length, chosen: best.row.chosen };
}

/** Reads a run's scored results as ItemResult rows (one per model × item; samples combined). */
export function readItemResults(repository: ResultsRepository, runId: number): StoredRunResults {
  const models = new Map(repository.getModels(runId).map((model) => [model.modelId, model]));
  const groups = new Map<string, ResultRow[]>();
  const errorsByModel = new Map<string, number>();
  for (const row of repository.readResults(runId)) {
    if (row.status === 'error') {
      errorsByModel.set(row.modelId, (errorsByModel.get(row.modelId) ?? 0) + 1);
      continue;
    }
    const key = JSON.stringify([row.modelId, row.task, row.itemId]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const items: ItemResult[] = [];
  for (const rows of groups.values()) {
    const first = rows[0]!;
    const model = models.get(first.modelId);
    if (!model) continue;
    const base = { task: first.task, family: model.family, model: first.modelId, params: model.params, item: first.itemId, method: first.method };
    if (first.method === 'consistency') {
      items.push({ ...base, ...combineSamples(rows), loss: null, goldLogprob: null, optionLogprobs: null });
    } else {
      items.push({
        ...base, correct: first.correct === true, confidence: first.confidence, chosen: first.chosen, loss: first.loss,
        goldLogprob: first.goldLogprob, optionLogprobs: first.optionLogprobs,
      });
    }
  }
  const chanceByTask = new Map<string, number | null>();
  const rows = repository.db.prepare('SELECT task, item_json FROM items WHERE run_id = ?').all(runId) as Array<{ task: string; item_json: string }>;
  const sums = new Map<string, { total: number; count: number; free: boolean }>();
  for (const row of rows) {
    const item = JSON.parse(row.item_json) as TaskItem;
    const sum = sums.get(row.task) ?? { total: 0, count: 0, free: false };
    if (item.kind === 'choice') sum.total += 1 / item.choices.length;
    else sum.free = true;
    sum.count++;
    sums.set(row.task, sum);
  }
  for (const [task, sum] of sums) chanceByTask.set(task, sum.free || sum.count === 0 ? null : sum.total / sum.count);
  return { runId, items, errorsByModel, chanceByTask };
}
