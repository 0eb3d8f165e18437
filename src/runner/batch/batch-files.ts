import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { inputError } from '../../core/errors.js';
import { canonicalJson } from '../../store/request-key.js';
import { batchOutputLineSchema, type BatchInputLine, type BatchOutputLine } from './batch-lines.js';
import type { BatchUnit } from './plan-batch-units.js';

/** Whether an output line carries a successful answer. */
function isAnswer(line: BatchOutputLine): boolean {
  return (line.response?.status_code ?? 0) === 200 && line.response?.body !== null && line.response?.body !== undefined;
}

/** The distinct request lines of the units, in plan order (a request shared by two units is sent once). */
export function distinctLines(units: BatchUnit[]): BatchInputLine[] {
  const lines = new Map<string, BatchInputLine>();
  for (const unit of units) for (const line of unit.lines) if (!lines.has(line.custom_id)) lines.set(line.custom_id, line);
  return [...lines.values()];
}

/** Writes JSONL to a temporary file and renames it into place, so a reader never sees half a file. */
export function writeJsonlAtomically(file: string, lines: unknown[]): void {
  const temporary = `${file}.writing-${process.pid}`;
  writeFileSync(temporary, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  renameSync(temporary, file);
}

/**
 * Reads batch output (or error) files: one JSON object per line, each checked against the batch
 * output format; a bad line is an input error naming the file, line and field. Returns the lines by
 * custom id: an answer stands over a failure of the same request in any file; two different answers are an error.
 */
export function readBatchOutputs(files: string[]): Map<string, BatchOutputLine> {
  return parseBatchOutputs(files.map((file) => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (error) {
      throw inputError({ file }, `cannot read the batch output (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }));
}

/** `readBatchOutputs` for texts in hand (files downloaded from a batch API), each with the name errors give. */
export function parseBatchOutputs(texts: Array<{ file: string; text: string }>): Map<string, BatchOutputLine> {
  const outputs = new Map<string, BatchOutputLine>();
  for (const { file, text } of texts) {
    text.split('\n').forEach((raw, index) => {
      if (raw.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw inputError({ file, line: index + 1 }, 'not a JSON object: each line of a batch output is one');
      }
      const parsed = batchOutputLineSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const path = issue.path.map(String).join('.');
        throw inputError({ file, line: index + 1, field: path || undefined }, `not a batch output line: ${issue.message}`);
      }
      const line = parsed.data;
      const answered = isAnswer(line);
      const seen = outputs.get(line.custom_id);
      if (seen && isAnswer(seen)) {
        if (answered && canonicalJson(seen.response?.body) !== canonicalJson(line.response?.body)) {
          throw inputError({ file, line: index + 1, field: 'custom_id' }, `${line.custom_id} is answered twice, differently`);
        }
        return; // an answer stands over a later failure of the same request
      }
      outputs.set(line.custom_id, line); // a later answer (a retried line) replaces a failure
    });
  }
  return outputs;
}
