import { createReadStream } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { parse } from 'csv-parse';
import type { ItemLadderCollector } from '../../analysis/items/item-ladder.js';
import { inputError } from '../../core/errors.js';
import { paramsFromModelName } from '../../core/params.js';

/** Sizes of the Inverse Scaling Prize models whose names carry none. */
const KNOWN_SIZES: Record<string, number> = { gpt2: 124e6, 'gpt2-medium': 355e6, 'gpt2-large': 774e6, 'gpt2-xl': 1.5e9 };

export interface InverseScalingOptions {
  paramsByModel?: Map<string, number>;
}

/** True when a CSV header is the Inverse Scaling Prize pipeline's per-model output (`index, loss, …`). */
export function isInverseScalingHeader(columns: string[]): boolean {
  return columns.includes('index') && columns.includes('loss') && !columns.includes('task') && !columns.includes('model');
}

/**
 * Streams one Inverse Scaling Prize per-model CSV (`index, loss[, correct, total_logprob]`; model
 * = file name, task = folder name) into a collector. loss = NLL of the correct option renormalised
 * over the options; without a `correct` column the task is taken as two-option (correct when
 * loss < ln 2). Confidence follows from the loss only with two options: max(p, 1 − p), p = e^(−loss);
 * when a `correct` column contradicts a two-option reading on any row, confidence is left out.
 */
export async function readInverseScaling(file: string, collector: ItemLadderCollector, options: InverseScalingOptions): Promise<{ task: string; model: string; rows: number; twoOptions: boolean }> {
  const model = basename(file, extname(file));
  const task = basename(dirname(file));
  const params = options.paramsByModel?.get(model) ?? KNOWN_SIZES[model.toLowerCase()] ?? paramsFromModelName(model);
  if (params === null) throw inputError({ file, field: 'params' }, `cannot tell the parameter count of model "${model}" (the file name); pass --params FILE.csv with columns model,params`);
  const parser = createReadStream(file).pipe(parse({ columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, bom: true }));
  const rows: Array<{ item: string; loss: number; correct: boolean; line: number }> = [];
  let twoOptions = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const line = info.lines;
      if (record.index === undefined || record.loss === undefined) throw inputError({ file, line: 1 }, 'expected the columns index and loss (Inverse Scaling Prize per-model CSV)');
      const loss = Number(record.loss);
      if (record.loss === '' || !Number.isFinite(loss) || loss < 0) throw inputError({ file, line, field: 'loss' }, `expected a non-negative number (NLL of the correct option, nats); got "${record.loss}"`);
      let correct = loss < Math.LN2;
      if (record.correct !== undefined) {
        const text = record.correct.toLowerCase();
        if (!['0', '1', 'true', 'false', '0.0', '1.0'].includes(text)) throw inputError({ file, line, field: 'correct' }, `expected 0, 1, true or false; got "${record.correct}"`);
        correct = text === '1' || text === 'true' || text === '1.0';
        if (correct !== loss < Math.LN2) twoOptions = false;
      }
      rows.push({ item: record.index, loss, correct, line });
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('CSV_')) {
      throw inputError({ file, line: 'lines' in error ? Number(error.lines) : undefined }, `malformed CSV: ${error.message}`, error);
    }
    throw error;
  }
  if (rows.length === 0) throw inputError({ file }, 'the file has no rows');
  for (const row of rows) {
    const p = Math.exp(-row.loss);
    collector.add(
      { task, family: null, model, params, item: row.item, correct: row.correct, confidence: twoOptions ? Math.max(p, 1 - p) : null, loss: row.loss, method: twoOptions ? 'option-logprobs' : null },
      { file, line: row.line },
    );
  }
  return { task, model, rows: rows.length, twoOptions };
}
