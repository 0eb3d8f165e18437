import type { AnalysisResult } from '../analyze.js';
import type { ModelBrittleness, TaskBrittleness } from './analyze-brittleness.js';
import type { ChangeKind } from './group-table.js';

/** A recommended model counts as brittle when some kind of harmless change flips its answer on at least this share of base items. */
export const BRITTLE_FLIP_RATE = 0.1;

const CHANGE_WORDS: Record<ChangeKind, string> = {
  options: 'option reordering',
  labels: 'a change of answer labels',
  templates: 'a change of prompt template',
  group: 'rewording of the question',
};

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** The sentence for a brittle model ("right 81% of the time, but changes its answer under option reordering on 23% of items"); null when it is not brittle. */
export function brittleSentence(model: ModelBrittleness): string | null {
  const worst = (Object.entries(model.flipRateByKind) as Array<[ChangeKind, number]>)
    .filter(([, rate]) => Number.isFinite(rate))
    .sort((a, b) => b[1] - a[1])[0];
  if (!worst || worst[1] < BRITTLE_FLIP_RATE || !model.baseAccuracy) return null;
  return `${model.model} is right ${percent(model.baseAccuracy.estimate)} of the time, but changes its answer under ${CHANGE_WORDS[worst[0]]} on ${percent(worst[1])} of items` +
    (model.strictAccuracy ? ` (right under every version: ${percent(model.strictAccuracy.estimate)})` : '') + '.';
}

/**
 * Puts each ladder's brittleness on its task analysis (`brittleness`), and adds a sentence to the
 * recommendation when the recommended model is brittle. Ladders without versions get none.
 */
export function attachBrittleness(result: AnalysisResult, brittleness: TaskBrittleness[]): AnalysisResult {
  for (const task of result.tasks) {
    const found = brittleness.find((entry) => entry.task === task.task && entry.family === task.family);
    if (!found) continue;
    task.brittleness = found;
    const recommended = found.models.find((model) => model.model === task.recommendation.model);
    const sentence = recommended ? brittleSentence(recommended) : null;
    if (sentence) task.recommendation.reason = `${task.recommendation.reason} ${sentence}`;
  }
  return result;
}
