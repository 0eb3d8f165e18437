import type { AnalysisResult } from '../analysis/analyze.js';
import { DEFAULT_ITEM_OPTIONS, type ItemAnalysisOptions } from '../analysis/items/analyze-items.js';
import { itemAnalysisExecutor } from '../runner/threads/analysis-executor.js';
import { analyzeRunWithVariantsOn } from '../store/analyze-run-with-variants.js';
import { openStore } from '../store/open-store.js';
import type { StoredRunResults } from '../store/read-item-results.js';
import { ResultsRepository } from '../store/results-repository.js';

/**
 * The analysis `scalegap report` gives a stored lab run: the size analysis on base items, and the
 * brittleness of tasks whose items come in versions (the knowledge phrasings), on worker threads
 * when the work is large enough (the same result).
 */
export async function analyzeLabRun(store: string, stored: StoredRunResults, options: Partial<ItemAnalysisOptions>): Promise<AnalysisResult> {
  const db = openStore(store, { readonly: true });
  try {
    const resamples = options.resamples ?? DEFAULT_ITEM_OPTIONS.resamples;
    return (await analyzeRunWithVariantsOn((ladders) => itemAnalysisExecutor(ladders, resamples), new ResultsRepository(db), stored, options)).result;
  } finally {
    db.close();
  }
}
