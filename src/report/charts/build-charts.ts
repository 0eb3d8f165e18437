import type { AnalysisResult } from '../../analysis/analyze.js';
import type { Chart } from './chart-spec.js';
import { chartSafeNames } from './chart-safe-names.js';
import { gapChart } from './gap-chart.js';
import { recommendationChart } from './recommendation-chart.js';
import { reliabilityChart } from './reliability-chart.js';
import { scalingParadoxChart } from './scaling-paradox-chart.js';
import { taskGridChart } from './task-grid-chart.js';
import { forecastChart } from './forecast-chart.js';
import { brittlenessChart, positionBiasChart } from './brittleness-chart.js';

/** The charts of one task, in reading order (those without data are left out). */
export interface TaskCharts {
  /** Index of the task in the analysis result. */
  index: number;
  charts: Chart[];
}

/** Every chart of a report: the task grid first, then each task's charts. Pure: no I/O. */
export function buildCharts(analysis: AnalysisResult): { grid: Chart | null; tasks: TaskCharts[] } {
  const result = chartSafeNames(analysis);
  return {
    grid: taskGridChart(result, 'task-grid'),
    tasks: result.tasks.map((task, index) => {
      const prefix = `task-${index + 1}`;
      const charts = [
        scalingParadoxChart(task, `${prefix}-scaling-paradox`),
        gapChart(task, `${prefix}-gap`),
        reliabilityChart(task, `${prefix}-reliability`),
        recommendationChart(task, `${prefix}-recommendation`),
        forecastChart(task, `${prefix}-forecast`),
        brittlenessChart(task, `${prefix}-brittleness`),
        positionBiasChart(task, `${prefix}-position-bias`),
      ].filter((chart): chart is Chart => chart !== null);
      return { index, charts };
    }),
  };
}

/** All charts of a report as one flat list (grid first). */
export function allCharts(result: AnalysisResult): Chart[] {
  const built = buildCharts(result);
  return [...(built.grid ? [built.grid] : []), ...built.tasks.flatMap((task) => task.charts)];
}
