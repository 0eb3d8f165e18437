import { repeatSampling, type RepeatSample, type RepeatSampling } from '../analysis/sampling/repeat-sampling.js';
import { groupBy } from '../core/group-by.js';
import type { ResultsRepository } from './results-repository.js';

/** One model's repeat sampling on one task. */
export interface ModelRepeatSampling extends RepeatSampling {
  task: string;
  family: string | null;
  model: string;
  params: number;
}

/**
 * Repeat sampling of every model and task of a run whose items were sampled K > 1 times (the
 * consistency method), over the items `keep` accepts (base items); scored samples only.
 */
export function readRepeatSampling(repository: ResultsRepository, runId: number, keep: (task: string, itemId: string) => boolean): ModelRepeatSampling[] {
  const models = new Map(repository.getModels(runId).map((model) => [model.modelId, model]));
  const rows = repository.readResults(runId).filter((row) => row.status === 'ok' && row.method === 'consistency' && keep(row.task, row.itemId));
  const result: ModelRepeatSampling[] = [];
  for (const ladder of groupBy(rows, (row) => JSON.stringify([row.task, row.modelId]))) {
    const model = models.get(ladder[0]!.modelId);
    if (!model) continue;
    const perItem = groupBy(ladder, (row) => row.itemId).map((samples) => samples
      .sort((a, b) => a.sample - b.sample)
      .map((row): RepeatSample => ({ correct: row.correct === true, answer: row.chosen === null ? null : JSON.stringify(row.chosen) })));
    const sampling = repeatSampling(perItem);
    if (sampling) result.push({ task: ladder[0]!.task, family: model.family, model: model.modelId, params: model.params, ...sampling });
  }
  return result;
}
