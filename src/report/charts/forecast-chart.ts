import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { formatParams } from '../../core/params.js';
import { CHART_COLORS, topLevel, type Chart } from './chart-spec.js';
import { percent, taskLabel } from './model-points.js';
import { sizeEncoding } from './size-axis.js';

/**
 * The forecast of one task: the measured accuracies, the fitted curve running past the measured
 * sizes with the 90% prediction band of a new model, and each target with its interval. Null
 * without `--forecast` forecasts or without a curve (fits that use training tokens).
 */
export function forecastChart(task: TaskAnalysis, id: string): Chart | null {
  const forecasts = task.forecasts ?? [];
  const curve = forecasts[0]?.fit.curve;
  if (!curve || curve.length === 0) return null;
  const measured = task.models.filter((m) => m.accuracy !== null);
  const values: Record<string, unknown>[] = [
    ...curve.map((point) => ({ kind: 'curve', params: point.params, accuracy: point.estimate, low: point.low, high: point.high })),
    ...measured.map((m) => ({ kind: 'model', params: m.params, accuracy: m.accuracy, label: `${m.model} (${formatParams(m.params)}): ${percent(m.accuracy!)}` })),
    ...forecasts.map((f) => ({ kind: 'target', params: f.params, accuracy: f.accuracy.estimate, low: f.accuracy.low, high: f.accuracy.high, label: `${formatParams(f.params)}: ${percent(f.accuracy.estimate)} (90% PI ${percent(f.accuracy.low)}–${percent(f.accuracy.high)})` })),
  ];
  const x = sizeEncoding([...curve.map((p) => p.params), ...forecasts.map((f) => f.params)]);
  const y = { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'Accuracy', format: '.0%' } };
  const only = (kind: string): Record<string, unknown>[] => [{ filter: `datum.kind === '${kind}'` }];
  const tooltip = [{ field: 'label', title: 'Accuracy' }];
  const chance = task.chance ?? 0;
  const title = `Forecast: ${taskLabel(task)}`;
  return {
    id,
    title,
    description: `Accuracy of ${taskLabel(task)} by size: the measured models, the ${forecasts[0]!.method} fit running past them with the 90% prediction band of a new model, and the forecasts at ${forecasts.map((f) => formatParams(f.params)).join(', ')}.`,
    spec: topLevel(title, {
      width: 420,
      height: 240,
      data: { values },
      layer: [
        { transform: only('curve'), mark: { type: 'area', color: CHART_COLORS.band, opacity: 0.12 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
        { transform: only('curve'), mark: { type: 'line', color: CHART_COLORS.accuracy, strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { x, y } },
        ...(chance > 0 ? [{ data: { values: [{ chance }] }, mark: { type: 'rule', color: CHART_COLORS.chance, strokeDash: [2, 2] }, encoding: { y: { field: 'chance', type: 'quantitative' } } }] : []),
        { transform: only('target'), mark: { type: 'rule', color: CHART_COLORS.recommended, strokeWidth: 2 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
        { transform: only('target'), mark: { type: 'point', shape: 'diamond', filled: true, size: 90, color: CHART_COLORS.recommended }, encoding: { x, y, tooltip } },
        { transform: only('model'), mark: { type: 'point', filled: true, size: 55, color: CHART_COLORS.accuracy }, encoding: { x, y, tooltip } },
      ],
    }),
  };
}
