import type { VariantObservation } from '../analysis/brittleness/variant-observation.js';
import type { TaskItem } from '../core/task.js';
import { isBaseItem, variantInfo } from '../tasks/variants/variant-info.js';
import type { StoredRunResults } from './read-item-results.js';
import type { ResultsRepository } from './results-repository.js';

/** A stored run's results split for analysis: base items for the size analysis, every version for brittleness. */
export interface SplitResults {
  /** The results without the versions of items (each base item once), for the ordinary analysis. */
  base: StoredRunResults;
  /** One observation per model and version of an item that has versions. */
  observations: VariantObservation[];
}

/** Splits a run's results by the variant records its stored items carry (`meta.variant`, see tasks/variants). */
export function splitVariantResults(repository: ResultsRepository, stored: StoredRunResults): SplitResults {
  const rows = repository.db.prepare('SELECT task, item_id, item_json FROM items WHERE run_id = ?').all(stored.runId) as Array<{ task: string; item_id: string; item_json: string }>;
  const items = new Map(rows.map((row) => [JSON.stringify([row.task, row.item_id]), JSON.parse(row.item_json) as TaskItem]));
  const observations: VariantObservation[] = [];
  const base = stored.items.filter((result) => {
    const item = items.get(JSON.stringify([result.task, result.item]));
    const info = item ? variantInfo(item) : undefined;
    if (item?.kind === 'choice' && info) {
      const chosen = typeof result.chosen === 'number' && result.chosen >= 0 && result.chosen < item.choices.length ? result.chosen : null;
      observations.push({
        task: result.task, family: result.family, model: result.model, params: result.params, group: info.group, variant: item.id,
        kind: info.kind, template: info.template, correct: result.correct, answer: chosen === null ? null : item.choices[chosen]!,
        chosenPosition: chosen, goldPosition: item.answer, optionCount: item.choices.length, confidence: result.confidence,
      });
    }
    return item === undefined || isBaseItem(item);
  });
  return { base: { ...stored, items: base }, observations };
}
