import { PROBE_CHOICE_COUNT } from './probe-case.js';

/**
 * The first PROBE_CHOICE_COUNT − 1 candidates that differ from the answer and from each other, in
 * order of preference. Throws when there are not enough (a generator bug, never a user error).
 */
export function pickDistractors(answer: string, candidates: readonly string[]): string[] {
  const wanted = PROBE_CHOICE_COUNT - 1;
  const chosen: string[] = [];
  for (const candidate of candidates) {
    if (candidate === answer || chosen.includes(candidate) || candidate === '') continue;
    chosen.push(candidate);
    if (chosen.length === wanted) return chosen;
  }
  throw new Error(`pickDistractors: only ${chosen.length} distinct distractors for answer "${answer}"`);
}

/** Integer candidates near `answer` (±1, ±2, ...), for filling the list of numeric distractors. */
export function nearbyIntegers(answer: number, count: number, minimum = Number.NEGATIVE_INFINITY): string[] {
  const out: string[] = [];
  for (let offset = 1; out.length < count; offset++) {
    if (answer + offset >= minimum) out.push(String(answer + offset));
    if (answer - offset >= minimum && out.length < count) out.push(String(answer - offset));
  }
  return out;
}
