import type { TaskItem } from '../core/task.js';

const CORE_KEYS = new Set(['id', 'question', 'choices', 'answer', 'prompt', 'match', 'kind', 'meta']);

/**
 * One line of a task file (JSONL, no trailing newline): the core fields of DESIGN.md section 6 first
 * (`{id, question, choices, answer}` or `{id, prompt, answer, match}`), then the `meta` fields at top
 * level (type, difficulty, seed, ...). Key order is fixed, so the output is byte-for-byte stable.
 */
export function serializeTaskItem(item: TaskItem): string {
  const record: Record<string, unknown> =
    item.kind === 'choice'
      ? { id: item.id, question: item.question, choices: item.choices, answer: item.answer }
      : { id: item.id, prompt: item.prompt, answer: item.answer, match: item.match };
  for (const [key, value] of Object.entries(item.meta ?? {})) {
    if (CORE_KEYS.has(key)) throw new Error(`serializeTaskItem: meta field "${key}" of item ${item.id} clashes with a task-file field`);
    record[key] = value;
  }
  return JSON.stringify(record);
}
