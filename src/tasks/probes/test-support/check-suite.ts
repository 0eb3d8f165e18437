import type { TaskItem } from '../../../core/task.js';
import { PROBE_CHOICE_COUNT, type ProbeType } from '../probe-case.js';
import { PROBE_SOLVERS } from './probe-solvers.js';

/** Two answers agree: as numbers when both are numbers, else as exact strings. */
export function sameAnswer(a: string, b: string): boolean {
  return /^-?\d+$/.test(a) && /^-?\d+$/.test(b) ? Number(a) === Number(b) : a === b;
}

/**
 * Every problem with one generated item, as text (empty when it is sound): the independent solver
 * must re-derive the stored answer; a choice item has 4 distinct choices with exactly one correct.
 */
export function itemProblems(type: ProbeType, item: TaskItem): string[] {
  const problems: string[] = [];
  const text = item.kind === 'choice' ? item.question : item.prompt;
  let solved: string;
  try {
    solved = PROBE_SOLVERS[type](text);
  } catch (error) {
    return [`${item.id}: solver failed: ${(error as Error).message}`];
  }
  if (item.meta?.['type'] !== type) problems.push(`${item.id}: meta.type is ${String(item.meta?.['type'])}`);
  if (item.kind === 'free') {
    if (!sameAnswer(solved, item.answer)) problems.push(`${item.id}: stored "${item.answer}", solver "${solved}": ${text}`);
    if (item.match !== (/^\d+$/.test(item.answer) ? 'numeric' : 'exact')) problems.push(`${item.id}: match ${item.match} for "${item.answer}"`);
    return problems;
  }
  if (item.choices.length !== PROBE_CHOICE_COUNT) problems.push(`${item.id}: ${item.choices.length} choices`);
  if (new Set(item.choices).size !== item.choices.length) problems.push(`${item.id}: repeated choices ${item.choices.join('|')}`);
  const correct = item.choices.map((c, i) => (sameAnswer(c, solved) ? i : -1)).filter((i) => i >= 0);
  if (correct.length !== 1 || correct[0] !== item.answer) problems.push(`${item.id}: correct positions [${correct.join(',')}], stored ${item.answer}, solver "${solved}": ${text}`);
  if (item.choices.some((c) => c.trim() === '' || c !== c.trim())) problems.push(`${item.id}: blank or padded choice`);
  return problems;
}

/** How many items put their answer at each position. */
export function answerPositionCounts(items: readonly TaskItem[]): number[] {
  const counts = new Array<number>(PROBE_CHOICE_COUNT).fill(0);
  for (const item of items) if (item.kind === 'choice') counts[item.answer] = (counts[item.answer] ?? 0) + 1;
  return counts;
}
