import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { CHART_COLORS, topLevel, type Chart } from './chart-spec.js';
import { percent, shorten, taskLabel } from './model-points.js';
import { modelEce, reliabilityBins } from './optional-fields.js';
import { sizeLabel } from './size-axis.js';

/**
 * Reliability diagrams for one task, one panel per model that has item-level calibration bins:
 * accuracy against mean confidence per bin (point area ∝ items, count printed beside it) and the
 * diagonal of perfect calibration. Null when no model has bins (aggregate data only).
 */
export function reliabilityChart(task: TaskAnalysis, id: string): Chart | null {
  const models = [...task.models].sort((a, b) => a.params - b.params);
  const values: Record<string, unknown>[] = [];
  const panels: string[] = [];
  const allBins = models.map((model) => reliabilityBins(model));
  const counts = new Set(allBins.flatMap((bins) => (bins ?? []).map((bin) => bin.count)));
  // Equal-mass bins hold the same number of items: then the count goes into the panel title
  // instead of a point-size legend that could only show one size.
  const uniform = counts.size === 1;
  for (const [index, model] of models.entries()) {
    const bins = allBins[index];
    if (!bins) continue;
    const ece = modelEce(model);
    const panel = `${shorten(model.model, 18)} (${sizeLabel(model.params)})${ece !== null ? ` · ECE ${percent(ece)}` : ''}${uniform ? ` · ${bins[0]!.count}/bin` : ''}`;
    panels.push(panel);
    values.push({ kind: 'diagonal', panel, confidence: 0, accuracy: 0 }, { kind: 'diagonal', panel, confidence: 1, accuracy: 1 });
    // Count labels only where bins are far enough apart to keep them legible; the point area,
    // its legend and the tooltip carry the counts everywhere.
    const spaced = !uniform && bins.every((bin, index) => index === 0 || Math.abs(bin.confidence - bins[index - 1]!.confidence) >= 0.1);
    for (const bin of bins) {
      values.push({ kind: 'bin', panel, model: model.model, confidence: bin.confidence, accuracy: bin.accuracy, count: bin.count, label: spaced ? `n=${bin.count}` : '' });
    }
  }
  if (panels.length === 0) return null;
  const x = { field: 'confidence', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'Mean confidence in bin', format: '.0%', tickCount: 5 } };
  const y = { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { title: 'Accuracy in bin', format: '.0%', tickCount: 5 } };
  const only = (kind: string): Record<string, unknown>[] => [{ filter: `datum.kind === '${kind}'` }];
  const title = `Reliability: ${taskLabel(task)}`;
  return {
    id,
    title,
    description: `Reliability diagrams for ${taskLabel(task)}: in each confidence bin, how often the model was right (on the diagonal: calibrated; below: overconfident). Point area gives the items per bin (printed where bins are far apart; in the tooltip always).`,
    spec: topLevel(title, {
      data: { values },
      facet: { field: 'panel', type: 'nominal', sort: panels, header: { title: null, labelLimit: 0 } },
      columns: Math.min(4, panels.length),
      spec: {
        width: 170,
        height: 170,
        layer: [
          { transform: only('diagonal'), mark: { type: 'line', color: CHART_COLORS.chance, strokeDash: [4, 3] }, encoding: { x, y } },
          { transform: only('bin'), mark: { type: 'line', color: CHART_COLORS.confidence, strokeWidth: 1.5 }, encoding: { x, y } },
          {
            transform: only('bin'),
            mark: { type: 'circle', color: CHART_COLORS.confidence, opacity: 0.8 },
            encoding: {
              x,
              y,
              size: uniform ? { value: 60 } : { field: 'count', type: 'quantitative', scale: { range: [20, 260], zero: true }, legend: { title: 'Items per bin', orient: 'bottom' } },
              tooltip: [{ field: 'model', title: 'Model' }, { field: 'confidence', title: 'Mean confidence', format: '.1%' }, { field: 'accuracy', title: 'Accuracy', format: '.1%' }, { field: 'count', title: 'Items' }],
            },
          },
          { transform: [...only('bin'), { filter: "datum.label !== ''" }], mark: { type: 'text', dx: 5, dy: -7, align: 'left', fontSize: 8, color: '#444444' }, encoding: { x, y, text: { field: 'label' } } },
        ],
      },
    }),
  };
}
