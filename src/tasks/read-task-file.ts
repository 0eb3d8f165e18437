import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { decodeUtf8 } from '../core/decode-utf8.js';
import { inputError } from '../core/errors.js';
import type { Task, TaskItem } from '../core/task.js';

const idSchema = z.union([z.string().min(1), z.number().int()]).transform(String);

const choiceLineSchema = z.looseObject({
  id: idSchema,
  question: z.string().min(1),
  choices: z.array(z.string()).min(2, 'at least two choices'),
  answer: z.union([z.number().int().nonnegative(), z.string()]),
});

const freeLineSchema = z.looseObject({
  id: idSchema,
  prompt: z.string().min(1),
  answer: z.union([z.string(), z.number()]).transform(String),
  match: z.enum(['exact', 'numeric', 'regex']).default('exact'),
});

const CHOICE_KEYS = new Set(['id', 'question', 'choices', 'answer']);
const FREE_KEYS = new Set(['id', 'prompt', 'answer', 'match']);

function extraFields(record: Record<string, unknown>, known: Set<string>): Record<string, unknown> | undefined {
  const extra = Object.entries(record).filter(([key]) => !known.has(key));
  return extra.length > 0 ? Object.fromEntries(extra) : undefined;
}

/** Parses one JSON object of a task file into an item; `where` names file and line for errors. */
export function parseTaskLine(value: unknown, where: { file: string; line: number }): TaskItem {
  const isChoice = typeof value === 'object' && value !== null && 'question' in value;
  const parsed = isChoice ? choiceLineSchema.safeParse(value) : freeLineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || undefined;
    const shape = isChoice ? '{id, question, choices, answer}' : '{id, prompt, answer, match: exact|numeric|regex}';
    throw inputError({ ...where, field }, `${issue.message}; each line must be ${shape}`);
  }
  if (isChoice) {
    const data = parsed.data as z.infer<typeof choiceLineSchema>;
    const answer = typeof data.answer === 'number' ? data.answer : data.choices.indexOf(data.answer);
    if (answer < 0 || answer >= data.choices.length) {
      const expected = typeof data.answer === 'number' ? `an index below ${data.choices.length}` : 'the text of one of the choices';
      throw inputError({ ...where, field: 'answer' }, `answer ${JSON.stringify(data.answer)} is not a choice; expected ${expected}`);
    }
    const meta = extraFields(data, CHOICE_KEYS);
    return { kind: 'choice', id: data.id, question: data.question, choices: data.choices, answer, ...(meta ? { meta } : {}) };
  }
  const data = parsed.data as z.infer<typeof freeLineSchema>;
  if (data.match === 'regex') {
    try {
      new RegExp(data.answer);
    } catch (error) {
      throw inputError({ ...where, field: 'answer' }, `answer is not a valid regular expression (${(error as Error).message})`);
    }
  }
  const meta = extraFields(data, FREE_KEYS);
  return { kind: 'free', id: data.id, prompt: data.prompt, answer: data.answer, match: data.match, ...(meta ? { meta } : {}) };
}

/** Parses the text of a JSONL task file; blank lines are skipped; item ids must be unique. */
export function parseTaskText(text: string, file: string, name: string): Task {
  const items: TaskItem[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw inputError({ file, line }, `not valid JSON (${(error as Error).message}); each line must be one JSON object`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw inputError({ file, line }, 'expected one JSON object per line');
    }
    const item = parseTaskLine(value, { file, line });
    const previous = seen.get(item.id);
    if (previous !== undefined) throw inputError({ file, line, field: 'id' }, `duplicate item id "${item.id}" (first on line ${previous})`);
    seen.set(item.id, line);
    items.push(item);
  });
  if (items.length === 0) throw inputError({ file }, 'the task file has no items; expected one JSON object per line');
  return { name, file, items };
}

/** Reads a JSONL task file (DESIGN.md section 6). The task is named after the file (without `.jsonl`). */
export function readTaskFile(file: string): Task {
  let bytes: Buffer | null;
  try {
    // a FIFO would block and /dev/zero never end: only regular files are read
    bytes = statSync(file).isFile() ? readFileSync(file) : null;
  } catch (error) {
    throw inputError({ file }, `cannot read the task file (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path`, error);
  }
  if (bytes === null) throw inputError({ file }, 'the task path is a folder or special file (FIFO, device); expected a JSONL file');
  const text = decodeUtf8(bytes);
  if (text === null) throw inputError({ file }, 'the task file is not valid UTF-8 text; expected a JSONL file');
  return parseTaskText(text, file, basename(file, extname(file)));
}
