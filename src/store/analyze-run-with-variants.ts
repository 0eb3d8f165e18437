import type { AnalysisResult } from '../analysis/analyze.js';
import { analyzeBrittleness } from '../analysis/brittleness/analyze-brittleness.js';
import { attachBrittleness } from '../analysis/brittleness/attach-brittleness.js';
import { DEFAULT_ITEM_OPTIONS, type ItemAnalysisOptions } from '../analysis/items/analyze-items.js';
import { analyzeStoredRun, analyzeStoredRunWith, type LadderExecutorLease } from '../analysis/items/analyze-stored-run.js';
import type { StoredRunResults } from './read-item-results.js';
import type { ResultsRepository } from './results-repository.js';
import { splitVariantResults } from './split-variant-results.js';
import { readRepeatSampling } from './read-repeat-samples.js';

/** A stored run's analysis with its item versions kept apart, and what it was made from. */
export interface RunAnalysisWithVariants {
  result: AnalysisResult;
  base: StoredRunResults;
  /** Results on item versions other than the base (brittleness). */
  versions: number;
}

/**
 * The analysis of a stored run with its item versions kept apart: the size analysis on the base
 * items (each once), brittleness from every version, and, for items sampled K > 1 times, the
 * repeat-sampling figures, attached to each task (what report and view show).
 */
export function analyzeRunWithVariants(repository: ResultsRepository, stored: StoredRunResults, options: Partial<ItemAnalysisOptions>): RunAnalysisWithVariants {
  const { base, observations } = splitVariantResults(repository, stored);
  return withVariantFigures(repository, stored, base, observations, analyzeStoredRun(base, options), options);
}

/** analyzeRunWithVariants with the size analysis of each ladder on an executor from `lease` (worker threads): the same result. */
export async function analyzeRunWithVariantsOn(
  lease: LadderExecutorLease, repository: ResultsRepository, stored: StoredRunResults, options: Partial<ItemAnalysisOptions>,
): Promise<RunAnalysisWithVariants> {
  const { base, observations } = splitVariantResults(repository, stored);
  return withVariantFigures(repository, stored, base, observations, await analyzeStoredRunWith(lease, base, options), options);
}

function withVariantFigures(
  repository: ResultsRepository, stored: StoredRunResults, base: StoredRunResults, observations: ReturnType<typeof splitVariantResults>['observations'],
  sizeAnalysis: AnalysisResult, options: Partial<ItemAnalysisOptions>,
): RunAnalysisWithVariants {
  const resolved = { ...DEFAULT_ITEM_OPTIONS, ...options };
  const brittleness = analyzeBrittleness(observations, { resamples: resolved.resamples, seed: resolved.seed, delta: resolved.delta });
  const result = attachBrittleness(sizeAnalysis, brittleness);
  const baseKeys = new Set(base.items.map((item) => JSON.stringify([item.task, item.item])));
  const sampling = readRepeatSampling(repository, stored.runId, (task, itemId) => baseKeys.has(JSON.stringify([task, itemId])));
  for (const task of result.tasks) {
    const models = sampling.filter((entry) => entry.task === task.task && entry.family === task.family);
    if (models.length > 0) task.sampling = models;
  }
  return { result, base, versions: observations.length };
}
