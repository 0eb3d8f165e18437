import { inputError } from '../../core/errors.js';
import { parseCsvTable } from '../csv-table.js';
import { readTextFile } from '../read-text-file.js';

/**
 * Reads `--costs FILE.csv`: per model either `per_item` (USD per item), or `input_per_mtok` and
 * `output_per_mtok` (USD per million tokens) with `input_tokens` and `output_tokens` (mean tokens
 * per item). Returns the cost per item by model.
 */
export function readCostsFile(file: string): Map<string, number> {
  const table = parseCsvTable(readTextFile(file), file);
  if (!table.columns.includes('model')) throw inputError({ file, line: 1, field: 'model' }, 'missing required column "model"');
  const costs = new Map<string, number>();
  table.rows.forEach((row, index) => {
    const line = table.lineOf(index);
    const number = (field: string): number | null => {
      const text = row.values[field];
      if (text === undefined || text === '') return null;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0) throw inputError({ file, line: line, field }, `expected a non-negative number; got "${text}"`);
      return value;
    };
    const perItem = number('per_item');
    const inputPrice = number('input_per_mtok');
    const outputPrice = number('output_per_mtok');
    const inputTokens = number('input_tokens');
    const outputTokens = number('output_tokens');
    let cost: number;
    if (perItem !== null) cost = perItem;
    else if (inputPrice !== null && outputPrice !== null && inputTokens !== null && outputTokens !== null) cost = (inputPrice * inputTokens + outputPrice * outputTokens) / 1e6;
    else throw inputError({ file, line: line, field: 'per_item' }, 'expected per_item, or input_per_mtok, output_per_mtok, input_tokens and output_tokens (mean tokens per item)');
    const model = row.values.model ?? '';
    if (model === '') throw inputError({ file, line: line, field: 'model' }, 'expected a model name');
    costs.set(model, cost);
  });
  return costs;
}
