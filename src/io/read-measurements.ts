import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { inputError, type InputLocation } from '../core/errors.js';
import type { Measurement } from '../core/measurement.js';
import { parseCsvTable } from './csv-table.js';
import { parseJsonDocument } from './json-document.js';
import { isLmEvalResults, readLmEvalResults } from './lm-eval-results.js';
import { pivotLongRecords, type AccuracyMetric } from './long-records.js';
import { columnFor, resolveColumns, type RawRecord, type RawValue } from './raw-record.js';
import { readTextFile } from './read-text-file.js';
import { hasMetricColumn, readWideRecord } from './wide-record.js';

export interface ReadOptions {
  accuracyMetric: AccuracyMetric;
  /** Parameter counts by model name (from `--params FILE.csv`). */
  paramsByModel?: Map<string, number>;
}

export type InputKind = 'measurement table (wide)' | 'measurement table (long)' | 'lm-evaluation-harness results';

/** What was read from one file, for the report's provenance line. */
export interface InputSummary {
  file: string;
  kind: InputKind;
  rows: number;
  skippedTasks: string[];
}

interface LocatedMeasurement {
  measurement: Measurement;
  shots: string | null;
  /** Where the row sits (computed only when an error needs it). */
  locate: () => InputLocation;
}

function wideOrLong(records: RawRecord[], columns: string[], file: string, options: ReadOptions): { rows: LocatedMeasurement[]; kind: InputKind } {
  const isLong = columnFor(columns, 'metric') !== undefined && columnFor(columns, 'value') !== undefined;
  for (const field of ['task', 'model', 'params']) {
    if (columnFor(columns, field) === undefined) throw inputError({ ...records[0]!.locate(field), line: records[0]!.locate(field).line !== undefined ? 1 : undefined }, `missing required column "${field}"`);
  }
  if (isLong) {
    const pivoted = pivotLongRecords(records, file, options.accuracyMetric);
    return {
      kind: 'measurement table (long)',
      rows: pivoted.map((row) => {
        const values: Record<string, RawValue> = { task: row.measurement.task, model: row.measurement.model, params: row.measurement.params, family: row.measurement.family, source: row.measurement.source, shots: row.shots };
        for (const [metric, value] of row.metrics) values[metric] = value;
        const ppl = row.metrics.get('ppl');
        if (ppl !== undefined) {
          if (!(ppl > 0)) throw inputError({ ...row.locate(), field: 'value' }, `perplexity ${ppl} is not positive`);
          values.loss = Math.log(ppl);
          const pplSe = row.metrics.get('ppl_se');
          if (pplSe !== undefined) values.loss_se = pplSe / ppl;
        }
        const locate = (field: string): InputLocation => ({ ...row.locate(), field });
        return { ...readWideRecord({ values, columns: resolveColumns(Object.keys(values)), locate }, file), locate: row.locate };
      }),
    };
  }
  if (!hasMetricColumn(columns)) {
    throw inputError({ ...records[0]!.locate('accuracy'), line: records[0]!.locate('accuracy').line !== undefined ? 1 : undefined }, 'missing a metric column; expected at least one of accuracy, accuracy_pct, loss, confidence, confidence_pct (or long form: metric,value)');
  }
  return {
    kind: 'measurement table (wide)',
    rows: records.map((record) => {
      const { measurement, shots } = readWideRecord(record, file);
      return { measurement, shots, locate: () => record.locate('model') };
    }),
  };
}

function readOneFile(file: string, options: ReadOptions): { rows: LocatedMeasurement[]; summary: InputSummary } {
  const text = readTextFile(file);
  const trimmed = text.trimStart();
  if (extname(file).toLowerCase() === '.json' || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const document = parseJsonDocument(text, file);
    if (Array.isArray(document) || (typeof document === 'object' && document !== null && Array.isArray((document as { measurements?: unknown }).measurements))) {
      const list = (Array.isArray(document) ? document : (document as { measurements: unknown[] }).measurements) as unknown[];
      const prefix = Array.isArray(document) ? '$' : '$.measurements';
      if (list.length === 0) throw inputError({ file, path: prefix }, 'the list of records is empty; expected at least one record');
      const records: RawRecord[] = list.map((entry, index) => {
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw inputError({ file, path: `${prefix}[${index}]` }, 'expected an object with task, model, params and metrics');
        const values = Object.fromEntries(Object.entries(entry).map(([key, value]) => [key.trim().toLowerCase(), value as RawValue]));
        return { values, columns: resolveColumns(Object.keys(values)), locate: (field) => ({ file, path: `${prefix}[${index}].${field}`, field }) };
      });
      const columns = [...new Set(records.flatMap((record) => Object.keys(record.values)))];
      const { rows, kind } = wideOrLong(records, columns, file, options);
      return { rows, summary: { file, kind, rows: rows.length, skippedTasks: [] } };
    }
    if (!isLmEvalResults(document)) {
      throw inputError({ file, path: '$' }, 'expected a JSON array of measurement records or an lm-evaluation-harness results object with "results"');
    }
    const { measurements, shots, skippedTasks } = readLmEvalResults(document, file, options);
    const rows = measurements.map((measurement) => ({ measurement, shots, locate: () => ({ file, path: `$.results.${measurement.task}` }) }));
    return { rows, summary: { file, kind: 'lm-evaluation-harness results', rows: rows.length, skippedTasks } };
  }
  const table = parseCsvTable(text, file);
  const columns = resolveColumns(table.columns);
  const records: RawRecord[] = table.rows.map((row, index) => ({ values: row.values, columns, locate: (field) => ({ file, line: table.lineOf(index), field }) }));
  const { rows, kind } = wideOrLong(records, table.columns, file, options);
  return { rows, summary: { file, kind, rows: rows.length, skippedTasks: [] } };
}

/** Expands folders into the CSV and JSON files they hold (sorted, not recursive). */
export function expandInputPaths(paths: string[]): string[] {
  return paths.flatMap((path) => {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      return [path];
    }
    if (!isFolder) return [path];
    const files = readdirSync(path).filter((name) => /\.(csv|json)$/i.test(name)).sort().map((name) => join(path, name));
    if (files.length === 0) throw inputError({ file: path }, 'this folder holds no .csv or .json files');
    return files;
  });
}

/** Labels families with their shot count where one (task, family) was measured at several. */
function labelShots(rows: LocatedMeasurement[]): void {
  if (rows.every((row) => row.shots === null)) return; // no shot counts: nothing to label
  const shotsByGroup = new Map<string, Set<string | null>>();
  for (const row of rows) {
    const key = `${row.measurement.task}\u0000${row.measurement.family ?? '\u0001'}`;
    (shotsByGroup.get(key) ?? shotsByGroup.set(key, new Set()).get(key)!).add(row.shots);
  }
  for (const row of rows) {
    const key = `${row.measurement.task}\u0000${row.measurement.family ?? '\u0001'}`;
    if (shotsByGroup.get(key)!.size > 1) row.measurement.family = `${row.measurement.family ?? ''} ${row.shots ?? '?'}-shot`.trim();
  }
}

/**
 * Reads measurement tables (CSV/JSON, wide or long) and lm-evaluation-harness result files or
 * folders into one list of measurements; a duplicate (task, family, model) is an error.
 */
export function readMeasurements(paths: string[], options: ReadOptions): { measurements: Measurement[]; inputs: InputSummary[] } {
  const all: LocatedMeasurement[] = [];
  const inputs: InputSummary[] = [];
  for (const file of expandInputPaths(paths)) {
    const { rows, summary } = readOneFile(file, options);
    all.push(...rows);
    inputs.push(summary);
  }
  labelShots(all);
  const seen = new Map<string, () => InputLocation>();
  for (const { measurement, locate } of all) {
    const key = `${measurement.task}\u0000${measurement.family ?? '\u0001'}\u0000${measurement.model}`;
    const earlierLocate = seen.get(key);
    if (earlierLocate) {
      const earlier = earlierLocate();
      const location = locate();
      const where = [earlier.file !== location.file ? basename(earlier.file ?? '') : '', earlier.line !== undefined ? `line ${earlier.line}` : earlier.path ?? ''].filter(Boolean).join(' ');
      throw inputError({ ...location, field: 'model' }, `duplicate row: task "${measurement.task}", family "${measurement.family ?? '-'}", model "${measurement.model}" already appears at ${where}; expected one row per (task, family, model)`);
    }
    seen.set(key, locate);
  }
  checkFilledColumns(all);
  return { measurements: all.map((row) => row.measurement), inputs };
}

/**
 * A metric that some models of a (task, family) have and another leaves empty is an error: the
 * analysis would silently fit the others alone. Naming the first empty row.
 */
function checkFilledColumns(rows: LocatedMeasurement[]): void {
  const groups = new Map<string, LocatedMeasurement[]>();
  for (const row of rows) {
    const key = `${row.measurement.task}\u0000${row.measurement.family ?? '\u0001'}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(row);
  }
  for (const group of groups.values()) {
    for (const metric of ['accuracy', 'loss', 'confidence'] as const) {
      const filled = group.filter((row) => row.measurement[metric] !== null);
      const empty = group.find((row) => row.measurement[metric] === null);
      if (filled.length === 0 || !empty) continue;
      const { task, model } = empty.measurement;
      throw inputError({ ...empty.locate(), field: metric }, `${metric} is empty for model "${model}" of task "${task}" while ${filled.length} other model(s) ` +
        `of the task have it (${filled[0]!.measurement.model}); fill it in, or leave it empty for every model of the task`);
    }
  }
}
