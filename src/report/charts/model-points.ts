import type { ModelSummary, TaskAnalysis } from '../../analysis/task-analysis.js';
import { sizeLabel } from './size-axis.js';

/** One model of a task as the charts draw it: values, 95% intervals and tooltip text. */
export interface ModelPoint {
  model: string;
  params: number;
  size: string;
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  loss: number | null;
  confidence: number | null;
  /** Confidence − accuracy (signed overconfidence). */
  gap: number | null;
  gapLow: number | null;
  gapHigh: number | null;
  n: number | null;
  /** "52.3% (95% CI 49.1–55.4%, n = 1000)" or "52.3%". */
  accuracyText: string;
}

const Z95 = 1.959963984540054;

/**
 * 95% interval of a model's accuracy: Wilson score interval when the item count is known, else
 * ± 1.96 × the given standard error (clipped to [0, 1]); null when neither is known.
 */
export function accuracyInterval(model: Pick<ModelSummary, 'accuracy' | 'n' | 'accuracySe'>): [number, number] | null {
  const accuracy = model.accuracy;
  if (accuracy === null) return null;
  if (model.accuracySe !== null && model.accuracySe >= 0) {
    return [Math.max(0, accuracy - Z95 * model.accuracySe), Math.min(1, accuracy + Z95 * model.accuracySe)];
  }
  if (model.n !== null && model.n > 0) {
    const n = model.n;
    const z2 = Z95 * Z95;
    const centre = (accuracy + z2 / (2 * n)) / (1 + z2 / n);
    const half = (Z95 / (1 + z2 / n)) * Math.sqrt((accuracy * (1 - accuracy)) / n + z2 / (4 * n * n));
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
  }
  return null;
}

/** Formats a fraction as a percentage with one decimal. */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** The models of a task, ordered by size, with intervals for drawing. */
export function modelPoints(task: TaskAnalysis): ModelPoint[] {
  return [...task.models]
    .sort((a, b) => a.params - b.params)
    .map((model) => {
      const interval = accuracyInterval(model);
      const gap = model.confidence !== null && model.accuracy !== null ? model.confidence - model.accuracy : null;
      const accuracyText = model.accuracy === null
        ? 'not measured'
        : interval
          ? `${percent(model.accuracy)} (95% CI ${percent(interval[0])}–${percent(interval[1])}${model.n !== null ? `, n = ${model.n}` : ''})`
          : percent(model.accuracy);
      return {
        model: model.model,
        params: model.params,
        size: sizeLabel(model.params),
        accuracy: model.accuracy,
        accuracyLow: interval?.[0] ?? null,
        accuracyHigh: interval?.[1] ?? null,
        loss: model.loss,
        confidence: model.confidence,
        gap,
        gapLow: gap !== null && interval ? model.confidence! - interval[1] : null,
        gapHigh: gap !== null && interval ? model.confidence! - interval[0] : null,
        n: model.n,
        accuracyText,
      };
    });
}

/** A task's display name: "task" or "task (family)". */
export function taskLabel(task: Pick<TaskAnalysis, 'task' | 'family'>): string {
  return task.family ? `${task.task} (${task.family})` : task.task;
}

/** Shortens a label to at most `max` characters with an ellipsis (charts size text by estimate). */
export function shorten(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
