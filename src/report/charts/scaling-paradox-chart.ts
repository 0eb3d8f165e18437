import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { CHART_COLORS, topLevel, type Chart, type ChartSpec } from './chart-spec.js';
import { modelPoints, percent, taskLabel, type ModelPoint } from './model-points.js';
import { taskChance } from './optional-fields.js';
import { sizeEncoding } from './size-axis.js';

const PANEL = { width: 230, height: 200 };

const tooltip = (value: { field: string; title: string; format?: string }): Record<string, unknown>[] => [
  { field: 'model', title: 'Model' },
  { field: 'size', title: 'Size' },
  { field: value.field, title: value.title, ...(value.format ? { format: value.format } : {}) },
];

function lossPanel(points: ModelPoint[], params: number[]): ChartSpec {
  return {
    ...PANEL,
    title: 'Loss vs size',
    data: { values: points.filter((point) => point.loss !== null) },
    mark: { type: 'line', point: { filled: true, size: 50, color: CHART_COLORS.loss }, color: CHART_COLORS.loss, strokeWidth: 2 },
    encoding: {
      x: sizeEncoding(params),
      y: { field: 'loss', type: 'quantitative', scale: { zero: false }, axis: { title: 'Loss (nats)' } },
      tooltip: tooltip({ field: 'loss', title: 'Loss (nats)', format: '.3f' }),
    },
  };
}

function accuracyPanel(points: ModelPoint[], params: number[], chance: number | null): ChartSpec {
  const values = points.filter((point) => point.accuracy !== null);
  const x = sizeEncoding(params);
  const y = { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'Accuracy', format: '.0%' } };
  const layers: ChartSpec[] = [
    {
      mark: { type: 'rule', color: CHART_COLORS.accuracy, opacity: 0.55, strokeWidth: 1.5 },
      transform: [{ filter: 'datum.accuracyLow !== null' }],
      encoding: { x, y: { ...y, field: 'accuracyLow' }, y2: { field: 'accuracyHigh' } },
    },
    {
      mark: { type: 'line', point: { filled: true, size: 50, color: CHART_COLORS.accuracy }, color: CHART_COLORS.accuracy, strokeWidth: 2 },
      encoding: { x, y, tooltip: [{ field: 'model', title: 'Model' }, { field: 'size', title: 'Size' }, { field: 'accuracyText', title: 'Accuracy' }] },
    },
  ];
  if (chance !== null) {
    layers.push(
      { data: { values: [{ chance }] }, mark: { type: 'rule', strokeDash: [5, 4], color: CHART_COLORS.chance }, encoding: { y: { field: 'chance', type: 'quantitative' } } },
      {
        data: { values: [{ chance, label: `chance ${percent(chance)}` }] },
        mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, color: CHART_COLORS.chance, fontSize: 10 },
        encoding: { x: { value: PANEL.width - 4 }, y: { field: 'chance', type: 'quantitative' }, text: { field: 'label' } },
      },
    );
  }
  return { ...PANEL, title: chance !== null ? 'Accuracy vs size (95% CI, chance dashed)' : 'Accuracy vs size (95% CI)', data: { values }, layer: layers };
}

function confidencePanel(points: ModelPoint[], params: number[]): ChartSpec {
  const values = points.flatMap((point) => [
    ...(point.confidence !== null ? [{ model: point.model, size: point.size, params: point.params, series: 'Confidence', value: point.confidence }] : []),
    ...(point.accuracy !== null ? [{ model: point.model, size: point.size, params: point.params, series: 'Accuracy', value: point.accuracy }] : []),
  ]);
  return {
    ...PANEL,
    title: 'Confidence vs accuracy',
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
    encoding: {
      x: sizeEncoding(params),
      y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'Confidence, accuracy', format: '.0%' } },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: ['Confidence', 'Accuracy'], range: [CHART_COLORS.confidence, CHART_COLORS.accuracy] },
        legend: { title: null, orient: 'bottom', direction: 'horizontal' },
      },
      strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['Confidence', 'Accuracy'], range: [[1, 0], [5, 3]] }, legend: null },
      tooltip: [{ field: 'model', title: 'Model' }, { field: 'size', title: 'Size' }, { field: 'series', title: 'Series' }, { field: 'value', title: 'Value', format: '.1%' }],
    },
  };
}

/**
 * The notebook's three-panel "scaling paradox" for one task: loss vs size, accuracy vs size with
 * 95% intervals and the chance line, and confidence next to accuracy (the gap). Panels whose
 * metric was not measured are left out; null when no panel can be drawn.
 */
export function scalingParadoxChart(task: TaskAnalysis, id: string): Chart | null {
  const points = modelPoints(task);
  const params = points.map((point) => point.params);
  const panels: ChartSpec[] = [];
  if (points.some((point) => point.loss !== null)) panels.push(lossPanel(points, params));
  if (points.some((point) => point.accuracy !== null)) panels.push(accuracyPanel(points, params, taskChance(task)));
  if (points.some((point) => point.confidence !== null)) panels.push(confidencePanel(points, params));
  if (panels.length === 0) return null;
  const title = `Scaling paradox: ${taskLabel(task)}`;
  return {
    id,
    title,
    description: `Loss, accuracy and confidence of each model against its size (log scale) for ${taskLabel(task)}.`,
    spec: topLevel(title, { hconcat: panels, resolve: { scale: { color: 'independent' } } }),
  };
}
