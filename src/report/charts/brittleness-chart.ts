import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { formatParams } from '../../core/params.js';
import { CHART_COLORS, topLevel, type Chart } from './chart-spec.js';
import { percent, taskLabel } from './model-points.js';
import { sizeEncoding } from './size-axis.js';

const SERIES = [
  { key: 'baseAccuracy', label: 'accuracy', color: CHART_COLORS.accuracy },
  { key: 'consistency', label: 'consistency', color: CHART_COLORS.loss },
  { key: 'strictAccuracy', label: 'strict accuracy', color: CHART_COLORS.gap },
] as const;

/**
 * Consistency and strict accuracy against size, with paired-bootstrap 95% intervals, next to plain
 * accuracy on the base items. Null for a task asked without versions.
 */
export function brittlenessChart(task: TaskAnalysis, id: string): Chart | null {
  const brittleness = task.brittleness;
  if (!brittleness) return null;
  const values = brittleness.models.flatMap((model) => SERIES.flatMap((series) => {
    const entry = model[series.key];
    if (!entry) return [];
    const interval = entry.low !== null && entry.high !== null ? ` (95% CI ${percent(entry.low)} to ${percent(entry.high)})` : '';
    return [{ series: series.label, model: model.model, size: formatParams(model.params), params: model.params, value: entry.estimate, low: entry.low, high: entry.high, text: `${percent(entry.estimate)}${interval}` }];
  }));
  const x = sizeEncoding(brittleness.models.map((model) => model.params));
  const y = { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'Share of base items', format: '.0%' } };
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: SERIES.map((series) => series.label), range: SERIES.map((series) => series.color) } };
  const title = `Prompt brittleness: ${taskLabel(task)}`;
  return {
    id,
    title,
    description: `Accuracy on the base items, consistency (the same answer under every version) and strict accuracy (right under every version) of each model of ${taskLabel(task)} over ${brittleness.groups} base items, with 95% intervals (brittleness ${brittleness.brittleness}).`,
    spec: topLevel(title, {
      width: 420,
      height: 240,
      data: { values },
      layer: [
        { transform: [{ filter: 'datum.low !== null' }], mark: { type: 'rule', opacity: 0.6, strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color } },
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color } },
        {
          mark: { type: 'point', filled: true, size: 55 },
          encoding: { x, y, color, tooltip: [{ field: 'model', title: 'Model' }, { field: 'size', title: 'Size' }, { field: 'series', title: 'Measure' }, { field: 'text', title: 'Value' }] },
        },
      ],
    }),
  };
}

/** How often each shown position is chosen against how often it holds the answer, per model. Null without option-order data. */
export function positionBiasChart(task: TaskAnalysis, id: string): Chart | null {
  const models = task.brittleness?.models.filter((model) => model.positionBias !== null) ?? [];
  if (models.length === 0) return null;
  const label = (model: (typeof models)[number]): string => `${model.model} (${formatParams(model.params)})`;
  const values = models.flatMap((model) => model.positionBias!.chosen.flatMap((chosen, p) => [
    { model: label(model), position: String.fromCharCode(65 + p), share: chosen, what: 'chosen' },
    { model: label(model), position: String.fromCharCode(65 + p), share: model.positionBias!.right[p]!, what: 'right answer' },
  ]));
  const title = `Position bias: ${taskLabel(task)}`;
  return {
    id,
    title,
    description: `For each model of ${taskLabel(task)}: the share of answers at each shown position against the share of items whose right answer is there (base and option-order versions).`,
    spec: topLevel(title, {
      data: { values },
      facet: { column: { field: 'model', type: 'nominal', title: null, sort: models.map(label) } },
      spec: {
        width: 150,
        height: 160,
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'position', type: 'nominal', title: 'Shown position' },
          xOffset: { field: 'what' },
          y: { field: 'share', type: 'quantitative', axis: { title: 'Share', format: '.0%' } },
          color: { field: 'what', type: 'nominal', title: null, scale: { domain: ['chosen', 'right answer'], range: [CHART_COLORS.recommended, CHART_COLORS.other] } },
          tooltip: [{ field: 'model' }, { field: 'position' }, { field: 'what' }, { field: 'share', format: '.1%' }],
        },
      },
    }),
  };
}
