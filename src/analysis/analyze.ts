import type { Measurement } from '../core/measurement.js';
import { analyzeAggregateTask } from './analyze-task.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions, type TaskAnalysis } from './task-analysis.js';
import { groupBy } from '../core/group-by.js';

/** The whole result of an analysis: the `--json` contract. */
export interface AnalysisResult {
  schemaVersion: 1;
  tasks: TaskAnalysis[];
}

/** Groups rows by (task, family), keeping the order in which each group first appears. */
export function groupByTask<T extends { task: string; family: string | null }>(rows: T[]): T[][] {
  return groupBy(rows, (row) => JSON.stringify([row.task, row.family]));
}

/**
 * Analyses aggregate measurements: one TaskAnalysis per (task, family) ladder, with the
 * notebook's block and scalegap's own verdict and recommendation.
 */
export function analyze(measurements: Measurement[], options: Partial<AnalysisOptions> = {}): AnalysisResult {
  const resolved: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, ...options };
  return { schemaVersion: 1, tasks: groupByTask(measurements).map((rows) => analyzeAggregateTask(rows, resolved)) };
}
