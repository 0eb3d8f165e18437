import type { AnalysisResult } from '../../analysis/analyze.js';
import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { CHART_COLORS, topLevel, type Chart, type ChartSpec } from './chart-spec.js';
import { formatCcg } from './format-ccg.js';
import { modelPoints, shorten, taskLabel } from './model-points.js';
import { taskChance } from './optional-fields.js';
import { sizeEncoding } from './size-axis.js';
import { trendBand } from './trend-band.js';

/** The two-line panel header: the task, then scalegap's verdict and the notebook's ccg. */
export function gridPanelLabel(task: TaskAnalysis, index: number): string {
  const notebook = task.notebook ? `notebook ccg ${formatCcg(task.notebook)}` : 'notebook ccg n/a';
  return `${index + 1}. ${shorten(taskLabel(task), 34)}\n${task.verdict} · ${notebook}`;
}

function panelRows(task: TaskAnalysis, panel: string): Record<string, unknown>[] {
  const points = modelPoints(task);
  const rows: Record<string, unknown>[] = points
    .filter((point) => point.accuracy !== null)
    .map((point) => ({ kind: 'model', panel, model: point.model, size: point.size, params: point.params, accuracy: point.accuracy, low: point.accuracyLow, high: point.accuracyHigh, text: point.accuracyText }));
  for (const trend of trendBand(points.map((point) => ({ params: point.params, value: point.accuracy })), task.slopes.accuracy)) {
    rows.push({ kind: 'trend', panel, params: trend.params, accuracy: trend.fit, low: trend.fitLow, high: trend.fitHigh });
  }
  const chance = taskChance(task);
  if (chance !== null) rows.push({ kind: 'chance', panel, accuracy: chance });
  return rows;
}

/**
 * The notebook's per-task accuracy grid, done properly: one panel per task with each model's
 * accuracy (95% CI), the fitted log-linear trend with its 95% band, the chance line when known,
 * and a header naming scalegap's verdict and the notebook's ccg. Null when no task has accuracy.
 */
export function taskGridChart(result: AnalysisResult, id = 'task-grid'): Chart | null {
  const tasks = result.tasks.filter((task) => task.models.some((model) => model.accuracy !== null));
  if (tasks.length === 0) return null;
  const panels = tasks.map((task) => gridPanelLabel(task, result.tasks.indexOf(task)));
  const values = tasks.flatMap((task, index) => panelRows(task, panels[index]!));
  const x = sizeEncoding(tasks.flatMap((task) => task.models.map((model) => model.params)));
  const y = { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'Accuracy', format: '.0%' } };
  const only = (kind: string): ChartSpec[] => [{ filter: `datum.kind === '${kind}'` }];
  const spec: ChartSpec = {
    data: { values },
    facet: {
      field: 'panel',
      type: 'nominal',
      sort: panels,
      header: { title: null, labelExpr: "split(datum.value, '\\n')", labelFontSize: 11, labelLimit: 0, labelAlign: 'left', labelAnchor: 'start' },
    },
    columns: Math.min(3, tasks.length),
    spec: {
      width: 220,
      height: 160,
      layer: [
        { transform: only('trend'), mark: { type: 'area', color: CHART_COLORS.band, opacity: 0.15 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
        { transform: only('trend'), mark: { type: 'line', color: CHART_COLORS.band, strokeWidth: 1.5, strokeDash: [6, 3] }, encoding: { x, y } },
        { transform: only('chance'), mark: { type: 'rule', strokeDash: [3, 3], color: CHART_COLORS.chance }, encoding: { y } },
        { transform: [...only('model'), { filter: 'datum.low !== null' }], mark: { type: 'rule', color: CHART_COLORS.accuracy, opacity: 0.55 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
        {
          transform: only('model'),
          mark: { type: 'point', filled: true, size: 45, color: CHART_COLORS.accuracy },
          encoding: { x, y, tooltip: [{ field: 'model', title: 'Model' }, { field: 'size', title: 'Size' }, { field: 'text', title: 'Accuracy' }] },
        },
      ],
    },
    resolve: { axis: { x: 'independent', y: 'independent' } },
  };
  return {
    id,
    title: 'Accuracy vs size, task by task',
    description: 'Each task\'s accuracy by model size (log scale) with 95% intervals, the fitted trend and its 95% band (dashed, shaded), the chance line (dotted) when known, scalegap\'s verdict and the notebook\'s ccg.',
    spec: topLevel('Accuracy vs size, task by task', spec),
  };
}
