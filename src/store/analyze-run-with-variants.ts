import type { AnalysisResult } from '../analysis/analyze.js';
import { analyzeBrittleness } from '../analysis/brittleness/analyze-brittleness.js';
import { attachBrittleness } from '../analysis/brittleness/attach-brittleness.js';
import { DEFAULT_ITEM_OPTIONS, type ItemAnalysisOptions } from '../analysis/items/analyze-items.js';
import { analyzeStoredRun } from '../analysis/items/analyze-stored-run.js';
import type { StoredRunResults } from './read-item-results.js';
import type { ResultsRepository } from './results-repository.js';
import { splitVariantResults } from './split-variant-results.js';
import { readRepeatSampling } from './read-repeat-samples.js';

/**
 * The analysis of a stored run with its item versions kept apart: the size analysis on the base
 * items (each once), brittleness from every version, and, for items sampled K > 1 times, the
 * repeat-sampling figures, attached to each task (what report and view show).
 */
export function analyzeRunWithVariants(repository: ResultsRepository, stored: StoredRunResults, options: Partial<ItemAnalysisOptions>): { result: AnalysisResult; base: StoredRunResults; versions: number } {
  const { base, observations } = splitVariantResults(repository, stored);
  const resolved = { ...DEFAULT_ITEM_OPTIONS, ...options };
  const brittleness = analyzeBrittleness(observations, { resamples: resolved.resamples, seed: resolved.seed, delta: resolved.delta });
  const result = attachBrittleness(analyzeStoredRun(base, options), brittleness);
  const baseKeys = new Set(base.items.map((item) => JSON.stringify([item.task, item.item])));
  const sampling = readRepeatSampling(repository, stored.runId, (task, itemId) => baseKeys.has(JSON.stringify([task, itemId])));
  for (const task of result.tasks) {
    const models = sampling.filter((entry) => entry.task === task.task && entry.family === task.family);
    if (models.length > 0) task.sampling = models;
  }
  return { result, base, versions: observations.length };
}
