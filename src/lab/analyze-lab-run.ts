import type { AnalysisResult } from '../analysis/analyze.js';
import type { ItemAnalysisOptions } from '../analysis/items/analyze-items.js';
import { analyzeRunWithVariants } from '../store/analyze-run-with-variants.js';
import { openStore } from '../store/open-store.js';
import type { StoredRunResults } from '../store/read-item-results.js';
import { ResultsRepository } from '../store/results-repository.js';

/**
 * The analysis `scalegap report` gives a stored lab run: the size analysis on base items, and the
 * brittleness of tasks whose items come in versions (the knowledge phrasings).
 */
export function analyzeLabRun(store: string, stored: StoredRunResults, options: Partial<ItemAnalysisOptions>): AnalysisResult {
  const db = openStore(store, { readonly: true });
  try {
    return analyzeRunWithVariants(new ResultsRepository(db), stored, options).result;
  } finally {
    db.close();
  }
}
