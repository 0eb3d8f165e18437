import type { MatchRule } from '../core/task.js';

/** Normalises text for exact matching: trimmed, case-folded, inner whitespace collapsed, trailing period dropped. */
export function normalizeAnswer(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/[.]+$/, '').toLowerCase();
}

/** Reads the first number in a text (`1,234.5`, `-3`, `2e3`); null when there is none. */
export function firstNumber(text: string): number | null {
  const match = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?|[-+]?\.\d+/i.exec(text);
  if (!match) return null;
  const value = Number(match[0].replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

/**
 * Scores a free-form answer against the gold answer:
 * `exact` — equal after normalizeAnswer; `numeric` — the first number in the answer equals the gold
 * number within 1e-6 relative; `regex` — the gold pattern matches somewhere in the answer.
 */
export function scoreFreeAnswer(answer: string, gold: string, match: MatchRule): boolean {
  if (match === 'exact') return normalizeAnswer(answer) === normalizeAnswer(gold);
  if (match === 'numeric') {
    const got = firstNumber(answer);
    const want = firstNumber(gold);
    if (got === null || want === null) return false;
    return Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want));
  }
  return new RegExp(gold).test(answer);
}
