import { inputError } from '../core/errors.js';
import { emptyMeasurement, type Measurement } from '../core/measurement.js';
import { columnFor, readBounded, readNumber, readParams, readText, readTokens, type RawRecord } from './raw-record.js';

const METRIC_FIELDS = ['accuracy', 'accuracy_pct', 'loss', 'confidence', 'confidence_pct'];

/** The metric columns a wide table must have at least one of. */
export function hasMetricColumn(columns: string[]): boolean {
  return METRIC_FIELDS.some((field) => columnFor(columns, field) !== undefined);
}

/** Reads one wide-form row (task, model, params, metrics) into a Measurement plus its shots. */
export function readWideRecord(record: RawRecord, source: string): { measurement: Measurement; shots: string | null } {
  const task = readText(record, 'task', true)!;
  const model = readText(record, 'model', true)!;
  const measurement = emptyMeasurement(task, model, readParams(record));
  measurement.family = readText(record, 'family', false);
  measurement.source = readText(record, 'source', false) ?? source;
  const pctHint = '; if these are percentages, name the column accuracy_pct';
  const accuracy = readBounded(record, 'accuracy', 0, 1, pctHint);
  const accuracyPct = readBounded(record, 'accuracy_pct', 0, 100);
  if (accuracy !== null && accuracyPct !== null) {
    throw inputError(record.locate(record.columns.get('accuracy_pct')!), 'give accuracy (a fraction) or accuracy_pct (percent), not both');
  }
  measurement.accuracy = accuracy ?? (accuracyPct !== null ? accuracyPct / 100 : null);
  measurement.accuracyPct = accuracyPct ?? (accuracy !== null ? accuracy * 100 : null);
  const confidence = readBounded(record, 'confidence', 0, 1, '; if these are percentages, name the column confidence_pct');
  const confidencePct = readBounded(record, 'confidence_pct', 0, 100);
  measurement.confidence = confidence ?? (confidencePct !== null ? confidencePct / 100 : null);
  measurement.confidencePct = confidencePct ?? (confidence !== null ? confidence * 100 : null);
  measurement.loss = readBounded(record, 'loss', 0, Infinity, '; a loss (mean negative log-likelihood, nats) is never negative');
  measurement.lossSe = readBounded(record, 'loss_se', 0, Infinity);
  const n = readNumber(record, 'n', false);
  if (n !== null && (!Number.isInteger(n) || n <= 0)) {
    throw inputError(record.locate(record.columns.get('n')!), `${n} is not a positive whole number; expected the number of items`);
  }
  measurement.n = n;
  measurement.accuracySe = readBounded(record, 'accuracy_se', 0, 1);
  measurement.chance = readBounded(record, 'chance', 0, 1);
  measurement.costPerMTok = readBounded(record, 'cost_per_mtok', 0, Infinity);
  const tokens = readTokens(record);
  if (tokens !== null) measurement.tokens = tokens;
  if (measurement.accuracy === null && measurement.loss === null && measurement.confidence === null) {
    throw inputError(record.locate(METRIC_FIELDS.map((field) => record.columns.get(field)).find(Boolean) ?? 'accuracy'), 'this row has no accuracy, loss or confidence value; expected at least one');
  }
  return { measurement, shots: readText(record, 'shots', false) };
}
