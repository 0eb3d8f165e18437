import type { ItemLadderCollector } from '../../analysis/items/item-ladder.js';
import { inputError } from '../../core/errors.js';
import type { ItemResult } from '../../core/item-result.js';
import { parseParams } from '../../core/params.js';
import { ITEM_FIELD_EXPECTATIONS, itemRowSchema } from './item-row-schema.js';
import { forEachLine, parseJsonLine } from './read-lines.js';

/** log Σ exp(values), stably. */
export function logSumExp(values: number[]): number {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((sum, value) => sum + Math.exp(value - top), 0));
}

/**
 * Streams an item results JSONL file (DESIGN.md section 6) into a collector. The loss is the
 * `loss` field, else −log of the gold option's probability renormalised over `option_logprobs`.
 */
export async function readItemResults(file: string, collector: ItemLadderCollector): Promise<number> {
  return forEachLine(file, (line, lineNumber) => {
    const raw = parseJsonLine(line, file, lineNumber);
    const parsed = itemRowSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      const got = field in raw ? JSON.stringify(raw[field]) : 'nothing (the field is missing)';
      throw inputError({ file, line: lineNumber, field }, `expected ${ITEM_FIELD_EXPECTATIONS[field] ?? issue.message}; got ${got}`);
    }
    const row = parsed.data;
    const params = parseParams(row.params);
    if (params === null) throw inputError({ file, line: lineNumber, field: 'params' }, `expected ${ITEM_FIELD_EXPECTATIONS.params}; got ${JSON.stringify(row.params)}`);
    const tokens = row.tokens === undefined || row.tokens === null ? null : parseParams(row.tokens);
    if (tokens === null && row.tokens !== undefined && row.tokens !== null) throw inputError({ file, line: lineNumber, field: 'tokens' }, `expected ${ITEM_FIELD_EXPECTATIONS.tokens}; got ${JSON.stringify(row.tokens)}`);
    let loss = row.loss ?? null;
    if (loss === null && row.option_logprobs && row.gold_logprob !== undefined && row.gold_logprob !== null) {
      loss = Math.max(0, logSumExp(row.option_logprobs) - row.gold_logprob);
    }
    const result: ItemResult = {
      task: row.task,
      family: row.family ?? null,
      model: row.model,
      params,
      ...(tokens !== null ? { tokens } : {}),
      item: String(row.item),
      correct: row.correct === true || row.correct === 1,
      confidence: row.confidence ?? null,
      goldLogprob: row.gold_logprob ?? null,
      optionLogprobs: row.option_logprobs ?? null,
      chosen: row.chosen ?? null,
      loss,
      method: row.method ?? null,
    };
    collector.add(result, { file, line: lineNumber });
  });
}
