/** A strictly parsed `Answer: …` / `Confidence: N` reply; each part null when it is not there as asked. */
export interface VerbalizedReply {
  answer: string | null;
  /** Stated confidence as a fraction in [0, 1]. */
  confidence: number | null;
}

const ANSWER_LINE = /^\s*\**answer\s*:\**\s*(.+?)\s*$/im;
const CONFIDENCE_LINE = /^\s*\**confidence\s*:\**\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$/im;

/**
 * Parses a reply in the requested format. The confidence must be a number from 0 to 100 on a
 * `Confidence:` line; anything else (a word, 150, a missing line) gives null: it is recorded as
 * unparseable, never guessed.
 */
export function parseVerbalizedReply(text: string): VerbalizedReply {
  const answer = ANSWER_LINE.exec(text)?.[1] ?? null;
  const stated = CONFIDENCE_LINE.exec(text)?.[1];
  const value = stated === undefined ? NaN : Number(stated);
  return { answer: answer === '' ? null : answer, confidence: value >= 0 && value <= 100 ? value / 100 : null };
}

/** Reads a choice letter from an answer (`B`, `B.`, `(B)`, `B) text`); null when it is not one of `letterCount` letters. */
export function parseChoiceLetter(answer: string | null, letterCount: number): number | null {
  if (answer === null) return null;
  const match = /^\(?([A-Z])(?:[).:]|\s|$)/.exec(answer.trim());
  if (!match) return null;
  const index = match[1]!.charCodeAt(0) - 65;
  return index < letterCount ? index : null;
}
