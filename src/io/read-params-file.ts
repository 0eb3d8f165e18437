import { inputError } from '../core/errors.js';
import { parseParams } from '../core/params.js';
import { parseCsvTable } from './csv-table.js';
import { columnFor } from './raw-record.js';
import { readTextFile } from './read-text-file.js';

/** Reads `--params FILE.csv` (columns model,params; params_total is accepted) into a map. */
export function readParamsFile(file: string): Map<string, number> {
  const table = parseCsvTable(readTextFile(file), file);
  const modelColumn = columnFor(table.columns, 'model');
  const paramsColumn = columnFor(table.columns, 'params');
  if (!modelColumn) throw inputError({ file, line: 1, field: 'model' }, 'missing required column "model"');
  if (!paramsColumn) throw inputError({ file, line: 1, field: 'params' }, 'missing required column "params"');
  const map = new Map<string, number>();
  for (const [index, row] of table.rows.entries()) {
    const params = parseParams(row.values[paramsColumn] ?? '');
    if (params === null) throw inputError({ file, line: table.lineOf(index), field: paramsColumn }, `"${row.values[paramsColumn]}" is not a positive parameter count; expected e.g. 70000000 or 70m`);
    map.set(row.values[modelColumn]!, params);
  }
  return map;
}
