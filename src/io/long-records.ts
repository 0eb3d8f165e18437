import { inputError, type InputLocation } from '../core/errors.js';
import { emptyMeasurement, type Measurement } from '../core/measurement.js';
import { readNumber, readParams, readText, type RawRecord } from './raw-record.js';

/** Which lm-eval style accuracy column becomes `accuracy`. */
export type AccuracyMetric = 'acc' | 'acc_norm';

/** Maps a long-form metric name onto a Measurement field; null for metrics scalegap does not use. */
export function metricTarget(metric: string, accuracyMetric: AccuracyMetric): string | null {
  const name = metric.trim().toLowerCase();
  const accuracyNames = accuracyMetric === 'acc_norm' ? ['acc_norm'] : ['acc', 'accuracy'];
  if (accuracyNames.includes(name)) return 'accuracy';
  if (name === `${accuracyNames[0]}_stderr` || (accuracyMetric === 'acc' && name === 'accuracy_se')) return 'accuracy_se';
  const fixed: Record<string, string> = {
    acc_pct: 'accuracy_pct', accuracy_pct: 'accuracy_pct', ppl: 'ppl', perplexity: 'ppl', ppl_stderr: 'ppl_se',
    loss: 'loss', nll: 'loss', loss_se: 'loss_se', loss_stderr: 'loss_se', confidence: 'confidence',
    confidence_pct: 'confidence_pct', n: 'n', n_items: 'n', chance: 'chance', cost_per_mtok: 'cost_per_mtok',
  };
  return fixed[name] ?? null;
}

/** Long-form rows pivoted into wide ones: one record of metric values per (task, family, shots, model). */
export interface PivotedRow {
  measurement: Measurement;
  shots: string | null;
  metrics: Map<string, number>;
  /** Where the row's first record sits (computed only when an error needs it). */
  locate: () => InputLocation;
}

/** Pivots long-form records (`task, model, params, metric, value`) into wide rows. */
export function pivotLongRecords(records: RawRecord[], source: string, accuracyMetric: AccuracyMetric): PivotedRow[] {
  const rows = new Map<string, PivotedRow>();
  for (const record of records) {
    const task = readText(record, 'task', true)!;
    const model = readText(record, 'model', true)!;
    const params = readParams(record);
    const family = readText(record, 'family', false);
    const shots = readText(record, 'shots', false);
    const metric = readText(record, 'metric', true)!;
    const value = readNumber(record, 'value', true)!;
    const key = `${task}\u0000${family ?? '\u0001'}\u0000${shots ?? '\u0001'}\u0000${model}`;
    let row = rows.get(key);
    if (!row) {
      const measurement = emptyMeasurement(task, model, params);
      measurement.family = family;
      measurement.source = readText(record, 'source', false) ?? source;
      row = { measurement, shots, metrics: new Map(), locate: () => record.locate('model') };
      rows.set(key, row);
    } else if (row.measurement.params !== params) {
      throw inputError(record.locate('params'), `model "${model}" has params ${row.measurement.params} on an earlier row and ${params} here; expected one parameter count per model`);
    }
    const target = metricTarget(metric, accuracyMetric);
    if (target === null) continue;
    if (row.metrics.has(target)) throw inputError(record.locate('metric'), `duplicate row: metric "${metric}" of model "${model}" on task "${task}" appears twice`);
    row.metrics.set(target, value);
  }
  return [...rows.values()];
}
