import type { ProbeRng } from './probe-rng.js';

/** The four probe types of the notebook. */
export const PROBE_TYPES = ['pattern', 'knowledge', 'temporal', 'compositional'] as const;
export type ProbeType = (typeof PROBE_TYPES)[number];

/** Difficulty knob: 1 (a tiny model can answer) to 5 (hard). */
export type Difficulty = 1 | 2 | 3 | 4 | 5;
export const DIFFICULTIES: readonly Difficulty[] = [1, 2, 3, 4, 5];

/** Number of choices of every multiple-choice probe item. */
export const PROBE_CHOICE_COUNT = 4;

/** One generated question before it becomes a task item: the answer and three plausible wrong answers. */
export interface ProbeCase {
  /** The question as the model reads it (short, ends with a question mark or a colon). */
  question: string;
  answer: string;
  /** Exactly PROBE_CHOICE_COUNT − 1 distinct wrong answers, none equal to `answer`. */
  distractors: string[];
  /** How a free-form answer is matched: `numeric` for integers, `exact` otherwise. */
  match: 'exact' | 'numeric';
  /** The kind of question within the type (`arithmetic`, `element-symbol`, `order`, ...). */
  subtype: string;
}

/** A generator of one probe type. */
export interface ProbeGenerator {
  type: ProbeType;
  /** One line for `scalegap probe --list`. */
  description: string;
  /** What the difficulty knob changes, for `--list`. */
  difficultyNote: string;
  generate(rng: ProbeRng, difficulty: Difficulty): ProbeCase;
}
