import { inputError, type InputLocation } from '../core/errors.js';
import { parseParams } from '../core/params.js';

export type RawValue = string | number | boolean | null | undefined;

/** A row of user input with lower-cased keys and a way to name where each field sits. */
export interface RawRecord {
  values: Record<string, RawValue>;
  /** Canonical field → the column this record uses for it (see `resolveColumns`). */
  columns: ReadonlyMap<string, string>;
  locate(field: string): InputLocation;
}

/** The canonical field names and the column names accepted for each. */
export const FIELD_ALIASES: Record<string, string[]> = {
  task: ['task', 'task_name'],
  model: ['model', 'model_name'],
  params: ['params', 'parameters', 'n_params', 'params_total', 'size'],
  accuracy: ['accuracy', 'acc'],
  accuracy_pct: ['accuracy_pct', 'acc_pct'],
  loss: ['loss', 'nll'],
  confidence: ['confidence', 'conf'],
  confidence_pct: ['confidence_pct', 'conf_pct'],
  n: ['n', 'n_items', 'items'],
  family: ['family', 'model_family'],
  chance: ['chance'],
  cost_per_mtok: ['cost_per_mtok'],
  accuracy_se: ['accuracy_se', 'acc_stderr', 'accuracy_stderr'],
  loss_se: ['loss_se', 'loss_stderr'],
  shots: ['shots', 'num_fewshot'],
  tokens: ['tokens', 'training_tokens', 'train_tokens'],
  source: ['source'],
  metric: ['metric'],
  value: ['value'],
};

/** The column a set of column names uses for a canonical field, if any. */
export function columnFor(keys: Iterable<string>, field: string): string | undefined {
  const present = new Set(keys);
  return FIELD_ALIASES[field]?.find((alias) => present.has(alias));
}

/** Resolves every canonical field to the column present for it, once per table. */
export function resolveColumns(keys: Iterable<string>): ReadonlyMap<string, string> {
  const present = new Set(keys);
  const columns = new Map<string, string>();
  for (const [field, aliases] of Object.entries(FIELD_ALIASES)) {
    const column = aliases.find((alias) => present.has(alias));
    if (column !== undefined) columns.set(field, column);
  }
  return columns;
}

function isMissing(value: RawValue): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A text field; null when empty and optional, an error when empty and required. */
export function readText(record: RawRecord, field: string, required: boolean): string | null {
  const column = record.columns.get(field) ?? field;
  const value = record.values[column];
  if (isMissing(value)) {
    if (required) throw inputError(record.locate(column), `"${column}" is empty; expected a value`);
    return null;
  }
  return String(value).trim();
}

/** A finite number field; null when empty and optional; NaN, Infinity and text are errors. */
export function readNumber(record: RawRecord, field: string, required: boolean): number | null {
  const column = record.columns.get(field) ?? field;
  const value = record.values[column];
  if (isMissing(value)) {
    if (required) throw inputError(record.locate(column), `"${column}" is empty; expected a number`);
    return null;
  }
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(number)) throw inputError(record.locate(column), `"${String(value)}" is not a finite number; expected a number`);
  return number;
}

/** A number field that must lie in [low, high]. */
export function readBounded(record: RawRecord, field: string, low: number, high: number, hint = ''): number | null {
  const value = readNumber(record, field, false);
  if (value !== null && (value < low || value > high)) {
    const column = record.columns.get(field) ?? field;
    throw inputError(record.locate(column), `${value} is outside [${low}, ${high}]${hint}`);
  }
  return value;
}

/** The parameter count (required): a positive number or a count such as 70m or 1.4B. */
export function readParams(record: RawRecord): number {
  const column = record.columns.get('params') ?? 'params';
  const value = record.values[column];
  if (isMissing(value)) throw inputError(record.locate(column), `"${column}" is empty; expected a parameter count such as 70000000 or 70m`);
  const params = typeof value === 'boolean' ? null : parseParams(value as string | number);
  if (params === null) throw inputError(record.locate(column), `"${String(value)}" is not a positive parameter count; expected a number such as 70000000 or 70m, 1.4B`);
  return params;
}

/** Optional training tokens: a positive count such as 300000000000, 300b or 4t. */
export function readTokens(record: RawRecord): number | null {
  const column = record.columns.get('tokens') ?? 'tokens';
  const value = record.values[column];
  if (isMissing(value)) return null;
  const tokens = typeof value === 'boolean' ? null : parseParams(value as string | number);
  if (tokens === null) throw inputError(record.locate(column), `"${String(value)}" is not a positive token count; expected a number such as 300000000000 or 300b, 4t`);
  return tokens;
}
