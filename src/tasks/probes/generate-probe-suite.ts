import type { ChoiceItem, FreeItem, TaskItem } from '../../core/task.js';
import { PROBE_CHOICE_COUNT, type Difficulty, type ProbeCase, type ProbeType } from './probe-case.js';
import { PROBE_GENERATORS } from './probe-registry.js';
import { deriveSeed, ProbeRng } from './probe-rng.js';
import { paraphraseQuestion } from './paraphrase-probe.js';

export interface ProbeSuiteOptions {
  type: ProbeType;
  /** Number of items. */
  n: number;
  /** Suite seed: a non-negative safe integer. The same seed gives the same items on any machine. */
  seed: number;
  /** One difficulty for every item; omitted, items cycle through 1..5. */
  difficulty?: Difficulty;
  /** `mc`: 4 choices (answer = index); `free`: a prompt and an answer matched exactly or numerically. */
  format: 'mc' | 'free';
  /** Paraphrases of each item to add after it (0..3; default 0): items of one `group`, for brittleness. */
  paraphrases?: number;
}

const TYPE_SALT: Record<ProbeType, number> = { pattern: 1, knowledge: 2, temporal: 3, compositional: 4 };
const POSITION_STREAM = 0x7a05;
const MAX_ATTEMPTS = 20;

/** Redraws (up to MAX_ATTEMPTS times) a question already in the suite; small spaces may still repeat. */
function drawFresh(draw: (attempt: number) => ProbeCase, seen: ReadonlySet<string>): ProbeCase {
  let probe = draw(0);
  for (let attempt = 1; attempt < MAX_ATTEMPTS && seen.has(probe.question); attempt++) probe = draw(attempt);
  return probe;
}

/**
 * Generates a probe suite. Item i depends only on (type, seed, difficulty, i) and the questions
 * before it (a repeated question is redrawn), so a longer suite starts with the items of a shorter
 * one. Answer positions are balanced: each block of 4 items puts the answer once at every position,
 * in a seeded order. Metadata (type, difficulty, seed, subtype)
 * goes in `meta`.
 */
export function generateProbeSuite(options: ProbeSuiteOptions): TaskItem[] {
  const { type, n, seed, format } = options;
  const generator = PROBE_GENERATORS[type];
  const width = Math.max(4, String(n - 1).length);
  const items: TaskItem[] = [];
  let positions: number[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < n; index++) {
    const difficulty = options.difficulty ?? (((index % 5) + 1) as Difficulty);
    const probe = drawFresh((attempt) => generator.generate(new ProbeRng(deriveSeed([seed, TYPE_SALT[type], difficulty, index, attempt])), difficulty), seen);
    seen.add(probe.question);
    const id = `${type}-d${options.difficulty ?? 'mix'}-s${seed}-${String(index).padStart(width, '0')}`;
    const meta = { type, difficulty, seed, subtype: probe.subtype };
    if (format === 'free') {
      const item: FreeItem = { kind: 'free', id, prompt: probe.question, answer: probe.answer, match: probe.match, meta };
      items.push(item);
      continue;
    }
    if (index % PROBE_CHOICE_COUNT === 0) {
      const block = new ProbeRng(deriveSeed([seed, TYPE_SALT[type], POSITION_STREAM, index]));
      positions = block.shuffle(Array.from({ length: PROBE_CHOICE_COUNT }, (_, k) => k));
    }
    const answer = positions[index % PROBE_CHOICE_COUNT] as number;
    const choices = [...probe.distractors];
    choices.splice(answer, 0, probe.answer);
    const item: ChoiceItem = { kind: 'choice', id, question: probe.question, choices, answer, meta };
    items.push(...withParaphrases(item, type, options.paraphrases ?? 0));
  }
  return items;
}

/** The item and its paraphrases (same choices and answer, ids `~p1`…), all with `group` = the item's id; the item alone without paraphrases. */
function withParaphrases(item: ChoiceItem, type: ProbeType, count: number): ChoiceItem[] {
  if (count === 0) return [item];
  const meta = { ...item.meta, group: item.id };
  const versions = [{ ...item, meta }];
  for (let k = 1; k <= count; k++) {
    const question = paraphraseQuestion(type, item.question, k);
    if (question !== null && !versions.some((version) => version.question === question)) versions.push({ ...item, id: `${item.id}~p${k}`, question, meta });
  }
  return versions;
}
