import type { Measurement } from '../core/measurement.js';
import { analyzeAggregateTask } from './analyze-task.js';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions, type TaskAnalysis } from './task-analysis.js';
import { groupBy } from '../core/group-by.js';
import { adjustVerdicts, type AdjustmentSummary } from './adjust-verdicts.js';

/** The whole result of an analysis: the `--json` contract. */
export interface AnalysisResult {
  schemaVersion: 1;
  tasks: TaskAnalysis[];
  /** How the verdict-deciding tests were adjusted across the tasks, and how many verdicts survive. */
  adjustment?: AdjustmentSummary;
}

/** Groups rows by (task, family), keeping the order in which each group first appears. */
export function groupByTask<T extends { task: string; family: string | null }>(rows: T[]): T[][] {
  return groupBy(rows, (row) => JSON.stringify([row.task, row.family]));
}

/**
 * Analyses aggregate measurements: one TaskAnalysis per (task, family) ladder, with the
 * notebook's block and scalegap's own verdict and recommendation; the verdicts' tests are adjusted
 * across the tasks (`options.adjust`, Holm at 5% by default).
 */
export function analyze(measurements: Measurement[], options: Partial<AnalysisOptions> = {}): AnalysisResult {
  const resolved: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, ...options };
  const tasks = groupByTask(measurements).map((rows) => analyzeAggregateTask(rows, resolved));
  return { schemaVersion: 1, tasks, adjustment: adjustVerdicts(tasks, resolved.adjust) };
}
