import type { ResultRow } from '../store/result-row.js';

/** Failed results of one model that share a cause. */
export interface ErrorCause {
  modelId: string;
  /** The message with its varying parts (numbers, URLs, quoted text) blanked: what the failures have in common. */
  cause: string;
  count: number;
  /** The first full message of this cause, as stored. */
  firstMessage: string;
}

/** The shared part of an error message: URLs, quoted strings and numbers are blanked so that one cause is one line. */
export function errorCause(message: string): string {
  return message
    .replace(/https?:\/\/\S+/g, '…')
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\d+(\.\d+)?/g, '#')
    .slice(0, 160);
}

/** Groups the failed results by model and cause, largest group first (then in the order they were stored). */
export function summarizeErrors(rows: readonly ResultRow[]): ErrorCause[] {
  const groups = new Map<string, ErrorCause>();
  for (const row of rows) {
    if (row.status !== 'error') continue;
    const message = row.errorReason ?? 'no reason recorded';
    const cause = errorCause(message);
    const key = JSON.stringify([row.modelId, cause]);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { modelId: row.modelId, cause, count: 1, firstMessage: message });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
