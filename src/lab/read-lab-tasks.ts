import { join } from 'node:path';
import { z } from 'zod';
import { inputError } from '../core/errors.js';
import type { ChoiceItem, Task } from '../core/task.js';
import { readTextFile } from '../io/read-text-file.js';
import type { LabManifest } from './lab-manifest.js';

const recordSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  choices: z.array(z.string().min(1)).min(2),
  answer: z.number().int().nonnegative(),
});

/** Reads one of the lab's task files (`{id, question, choices, answer}` JSONL, answer = gold index). */
export function readLabTaskFile(name: string, file: string): Task {
  const items: ChoiceItem[] = readTextFile(file).split('\n').flatMap((text, index) => {
    if (text.trim() === '') return [];
    const line = index + 1;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw inputError({ file, line }, 'expected one JSON object per line', error);
    }
    const parsed = recordSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw inputError({ file, line, field: String(issue.path[0] ?? '') }, `expected {id, question, choices, answer}: ${issue.message}`);
    }
    const record = parsed.data;
    if (record.answer >= record.choices.length) throw inputError({ file, line, field: 'answer' }, 'the answer index is outside the choices');
    return [{ kind: 'choice', id: record.id, question: record.question, choices: record.choices, answer: record.answer, meta: { lab: true } }];
  });
  return { name, file, items };
}

/** The manifest's task files, in manifest order, restricted to `names` when given. */
export function readLabTasks(ladderDir: string, manifest: LabManifest, names?: string[]): Task[] {
  const known = Object.keys(manifest.tasks);
  for (const name of names ?? []) {
    if (!known.includes(name)) throw inputError({ file: join(ladderDir, 'manifest.json'), field: 'tasks' }, `the lab has no task "${name}"; it has ${known.join(', ')}`);
  }
  return known.filter((name) => names === undefined || names.includes(name))
    .map((name) => readLabTaskFile(name, join(ladderDir, manifest.tasks[name]!.file)));
}
