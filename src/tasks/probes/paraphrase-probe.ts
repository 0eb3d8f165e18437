import type { ProbeType } from './probe-case.js';

/** How many paraphrases each generated question has (rewritten statements, rewritten question, both with the statements in reverse order). */
export const PARAPHRASE_COUNT = 3;

type Rewrite = [RegExp, string];

// Each rule states the same fact in other words; the generators write only the left-hand forms.
const STATEMENTS: Partial<Record<ProbeType, Rewrite[]>> = {
  temporal: [
    [/^(\S+) arrived before (\S+)\.$/, '$2 arrived after $1.'],
    [/^(\S+) arrived after (\S+)\.$/, '$2 arrived before $1.'],
    [/^(\S+) arrived (\d+ days?) after (\S+)\.$/, '$3 arrived $2 before $1.'],
    [/^(\S+) arrived (\d+ days?) before (\S+)\.$/, '$3 arrived $2 after $1.'],
    [/^(\S+) arrived on day (\d+)\.$/, "$1's arrival was on day $2."],
  ],
  compositional: [[/^(\S+)'s (\S+) is (\S+)\.$/, 'The $2 of $1 is $3.']],
};

const QUESTIONS: Record<ProbeType, Rewrite[]> = {
  temporal: [
    [/^Who arrived right (after|before) (\S+)\?$/, 'Who arrived immediately $1 $2?'],
    [/^Who arrived (\w+)\?$/, 'Who was the $1 to arrive?'],
    [/^On which day did (\S+) arrive\?$/, 'On what day did $1 arrive?'],
  ],
  compositional: [
    [/^Who is (the .+)\?$/, 'Which person is $1?'],
    [/^What is the result\?$/, 'What number do you end with?'],
    [/^What is (.+)\?$/, 'What does $1 equal?'],
  ],
  pattern: [[/^What comes next in the sequence (.+)\?$/, 'Which number continues the sequence $1?']],
  knowledge: [],
};

function rewrite(sentence: string, rules: Rewrite[] | undefined): string {
  for (const [pattern, replacement] of rules ?? []) if (pattern.test(sentence)) return sentence.replace(pattern, replacement);
  return sentence;
}

/**
 * Paraphrase `k` (1..PARAPHRASE_COUNT) of a generated question: 1 restates every statement (`A arrived
 * before B` → `B arrived after A`; `A's boss is B` → `The boss of A is B`), 2 rewords the question,
 * 3 does both and lists the statements in reverse order when each of them is such a fact (the same
 * constraint set). Null when the paraphrase would not change the text (a question form it has no rule for).
 */
export function paraphraseQuestion(type: ProbeType, question: string, k: number): string | null {
  const sentences = question.split(/(?<=[.?])\s+/);
  const asked = sentences.pop()!;
  const rules = STATEMENTS[type];
  let statements = k === 2 ? sentences : sentences.map((sentence) => rewrite(sentence, rules));
  const facts = rules !== undefined && sentences.length > 0 && sentences.every((sentence) => rules.some(([pattern]) => pattern.test(sentence)));
  if (k === 3 && facts) statements = [...statements].reverse();
  const text = [...statements, k === 1 ? asked : rewrite(asked, QUESTIONS[type])].join(' ');
  return text === question ? null : text;
}
