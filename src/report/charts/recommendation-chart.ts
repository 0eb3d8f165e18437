import type { TaskAnalysis } from '../../analysis/task-analysis.js';
import { CHART_COLORS, topLevel, type Chart, type ChartSpec } from './chart-spec.js';
import { modelPoints, percent, shorten, taskLabel } from './model-points.js';
import { costPerItem, hybridPoint, type HybridPoint } from './optional-fields.js';
import { sizeEncoding, sizeTicks } from './size-axis.js';

const ROLES = ['recommended', 'most accurate', 'hybrid cascade', 'other'];
const ROLE_COLORS = [CHART_COLORS.recommended, CHART_COLORS.accuracy, CHART_COLORS.gap, CHART_COLORS.other];
const ROLE_SHAPES = ['diamond', 'circle', 'square', 'circle'];

function costEncoding(costs: number[]): ChartSpec {
  const low = Math.min(...costs);
  const high = Math.max(...costs);
  return {
    field: 'cost',
    type: 'quantitative',
    scale: { type: 'log', domain: [low / 1.3, high * 1.3], nice: false },
    axis: { title: 'Cost per item (USD, log scale)', format: '$~g', values: sizeTicks(costs) },
  };
}

/** Names of the marked points, under the title (labels on the plot would collide with points). */
function subtitle(recommended: string | null, best: string | null, hybrid: HybridPoint | null, recommendsHybrid: boolean): string[] {
  const lines: string[] = [];
  if (recommendsHybrid && hybrid) lines.push(`Recommended: ${hybrid.label.replace(/^hybrid /, 'cascade ')}`);
  else if (recommended !== null) lines.push(`Recommended: ${shorten(recommended, 60)}`);
  if (best !== null && best !== recommended) lines.push(`Most accurate: ${shorten(best, 60)}`);
  if (hybrid && !recommendsHybrid) lines.push(`Hybrid cascade (not recommended): ${hybrid.label.replace(/^hybrid /, '')}`);
  return lines;
}

/**
 * The recommendation picture for one task: every model's accuracy (95% CI) against its cost per
 * item (log scale) — or against its size when no prices are known — with the recommended model,
 * the most accurate one and the hybrid cascade (when the analysis proposes one) marked.
 */
export function recommendationChart(task: TaskAnalysis, id: string): Chart | null {
  const points = modelPoints(task).filter((point) => point.accuracy !== null);
  if (points.length === 0) return null;
  const costs = new Map(task.models.map((model) => [model.model, costPerItem(task, model)]));
  const byCost = points.every((point) => costs.get(point.model) !== null && costs.get(point.model)! > 0);
  const hybrid = hybridPoint(task);
  // A recommended cascade is marked as the cascade, not as its small model alone.
  const recommendsHybrid = task.recommendation.action === 'hybrid' && hybrid !== null;
  const recommended = recommendsHybrid ? null : task.recommendation.model;
  const best = typeof task.recommendation.evidence?.best === 'string' ? task.recommendation.evidence.best : null;
  const values: Record<string, unknown>[] = points.map((point) => {
    const role = point.model === recommended ? 'recommended' : point.model === best ? 'most accurate' : 'other';
    const cost = costs.get(point.model) ?? null;
    return {
      kind: 'model',
      role,
      model: point.model,
      size: point.size,
      params: point.params,
      cost,
      accuracy: point.accuracy,
      low: point.accuracyLow,
      high: point.accuracyHigh,
      text: point.accuracyText,
      costText: cost !== null ? `$${cost.toPrecision(3)}` : 'not given',
    };
  });
  const x = byCost ? costEncoding(points.map((point) => costs.get(point.model)!)) : sizeEncoding(points.map((point) => point.params), 'Model size (parameters, log scale; no prices given)');
  const y = { field: 'accuracy', type: 'quantitative', scale: { zero: false, padding: 12 }, axis: { title: points.some((point) => point.accuracyLow !== null) ? 'Accuracy (95% CI)' : 'Accuracy', format: '.0%' } };
  const only = (kind: string): ChartSpec[] => [{ filter: `datum.kind === '${kind}'` }];
  const present = new Set([...values.map((row) => row.role as string), ...(hybrid ? ['hybrid cascade'] : [])]);
  const shown = ROLES.map((role, index) => ({ role, index })).filter((entry) => present.has(entry.role));
  const legend = { title: null, orient: 'bottom', direction: 'horizontal' };
  const color = { field: 'role', type: 'nominal', scale: { domain: shown.map((entry) => entry.role), range: shown.map((entry) => ROLE_COLORS[entry.index]) }, legend };
  const layers: ChartSpec[] = [
    { transform: [...only('model'), { filter: 'datum.low !== null' }], mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color } },
    {
      transform: only('model'),
      mark: { type: 'point', filled: true, size: 70 },
      encoding: {
        x,
        y,
        color,
        shape: { field: 'role', type: 'nominal', scale: { domain: shown.map((entry) => entry.role), range: shown.map((entry) => ROLE_SHAPES[entry.index]) }, legend },
        tooltip: [{ field: 'model', title: 'Model' }, { field: 'size', title: 'Size' }, { field: 'costText', title: 'Cost per item' }, { field: 'text', title: 'Accuracy' }, { field: 'role', title: 'Role' }],
      },
    },
  ];
  if (hybrid) {
    const text = percent(hybrid.accuracy);
    // The cascade's expected cost is in prices on a cost axis, in parameters on a size axis.
    const onAxis = hybrid.costPerItem !== null && hybrid.costPerItem > 0 && (byCost ? hybrid.costBasis !== 'parameters' : hybrid.costBasis === 'parameters');
    const label = recommendsHybrid ? `${hybrid.label} (recommended)` : hybrid.label;
    const row = { kind: 'hybrid', role: 'hybrid cascade', model: label, accuracy: hybrid.accuracy, cost: hybrid.costPerItem, params: hybrid.costPerItem, text, label };
    if (onAxis) {
      values.push(row);
      layers.push(
        { transform: only('hybrid'), mark: { type: 'point', filled: true, size: 90 }, encoding: { x, y, color, shape: { value: 'square' }, tooltip: [{ field: 'model', title: 'Cascade' }, { field: 'text', title: 'Accuracy' }] } },
      );
    } else {
      layers.push({ data: { values: [row] }, mark: { type: 'rule', strokeDash: [6, 3], color: CHART_COLORS.gap }, encoding: { y, tooltip: [{ field: 'model', title: 'Cascade' }, { field: 'text', title: 'Accuracy' }] } });
    }
  }
  const title = `Recommendation: ${taskLabel(task)}`;
  return {
    id,
    title,
    description: `Accuracy of each model of ${taskLabel(task)} (95% CI) against ${byCost ? 'its cost per item' : 'its size (no prices were given)'}; the recommended model${hybrid ? ', the hybrid cascade' : ''} and the most accurate model are marked.`,
    spec: { ...topLevel(title, { width: 420, height: 240, data: { values }, layer: layers }), title: { text: title, subtitle: subtitle(recommended, best, hybrid, recommendsHybrid), subtitleFontSize: 11, subtitleColor: '#444444' } },
  };
}
