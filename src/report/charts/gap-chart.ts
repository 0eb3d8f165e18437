import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { CHART_COLORS, topLevel, type Chart } from './chart-spec.js';
import { modelPoints, percent, taskLabel } from './model-points.js';
import { sizeEncoding } from './size-axis.js';
import { trendBand } from './trend-band.js';

const signedPercent = (fraction: number): string => `${fraction >= 0 ? '+' : '−'}${percent(Math.abs(fraction))}`;

/**
 * The confidence–competence gap over scale for one task: confidence − accuracy per model with its
 * 95% interval (from the accuracy's interval), the zero line (perfectly calibrated on average) and
 * the fitted gap trend with its band. Null when no model has both confidence and accuracy.
 */
export function gapChart(task: TaskAnalysis, id: string): Chart | null {
  const points = modelPoints(task).filter((point) => point.gap !== null);
  if (points.length === 0) return null;
  const values: Record<string, unknown>[] = points.map((point) => ({
    kind: 'model',
    model: point.model,
    size: point.size,
    params: point.params,
    gap: point.gap,
    low: point.gapLow,
    high: point.gapHigh,
    text: point.gapLow !== null ? `${signedPercent(point.gap!)} (95% CI ${signedPercent(point.gapLow)} to ${signedPercent(point.gapHigh!)})` : signedPercent(point.gap!),
  }));
  for (const trend of trendBand(points.map((point) => ({ params: point.params, value: point.gap })), task.slopes.gap)) {
    values.push({ kind: 'trend', params: trend.params, gap: trend.fit, low: trend.fitLow, high: trend.fitHigh });
  }
  const x = sizeEncoding(points.map((point) => point.params));
  const y = { field: 'gap', type: 'quantitative', axis: { title: 'Confidence − accuracy', format: '+.0%' } };
  const only = (kind: string): Record<string, unknown>[] => [{ filter: `datum.kind === '${kind}'` }];
  const title = `Confidence–competence gap: ${taskLabel(task)}`;
  return {
    id,
    title,
    description: `Mean confidence minus accuracy for each model of ${taskLabel(task)} (above zero: overconfident), with 95% intervals and the fitted trend (overconfidence ${task.overconfidence}).`,
    spec: topLevel(title, {
      width: 420,
      height: 220,
      data: { values },
      layer: [
        { transform: only('trend'), mark: { type: 'area', color: CHART_COLORS.gap, opacity: 0.14 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
        { transform: only('trend'), mark: { type: 'line', color: CHART_COLORS.gap, strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { x, y } },
        { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: CHART_COLORS.chance }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
        { transform: [...only('model'), { filter: 'datum.low !== null' }], mark: { type: 'rule', color: CHART_COLORS.gap, opacity: 0.6, strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } },
        {
          transform: only('model'),
          mark: { type: 'point', filled: true, size: 55, color: CHART_COLORS.gap },
          encoding: { x, y, tooltip: [{ field: 'model', title: 'Model' }, { field: 'size', title: 'Size' }, { field: 'text', title: 'Confidence − accuracy' }] },
        },
      ],
    }),
  };
}
