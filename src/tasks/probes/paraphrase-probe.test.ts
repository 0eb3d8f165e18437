import { describe, expect, it } from 'vitest';
import type { ChoiceItem } from '../../core/task.js';
import { parseTaskText } from '../read-task-file.js';
import { serializeTaskItem } from '../serialize-task-item.js';
import { expandVariants } from '../variants/expand-variants.js';
import { variantInfo } from '../variants/variant-info.js';
import { generateProbeSuite } from './generate-probe-suite.js';
import type { ProbeType } from './probe-case.js';
import { PROBE_SOLVERS } from './test-support/probe-solvers.js';

// Written here from the meaning of each paraphrase (not from its rules): back to the generators' wording,
// so that the independent solvers of test-support can answer the paraphrased question.
const BACK: Array<[RegExp, string]> = [
  [/(\S+) arrived (\d+ days?) before (\S+)\./g, '$3 arrived $2 after $1.'],
  [/(\S+) arrived (\d+ days?) after (\S+)\./g, '$3 arrived $2 before $1.'],
  [/(\S+) arrived (before|after) (\S+)\./g, '$3 arrived $2-swapped $1.'],
  [/(\S+)'s arrival was on day (\d+)\./g, '$1 arrived on day $2.'],
  [/Who arrived immediately (after|before) (\S+)\?/, 'Who arrived right $1 $2?'],
  [/Who was the (\w+) to arrive\?/, 'Who arrived $1?'],
  [/On what day did (\S+) arrive\?/, 'On which day did $1 arrive?'],
  [/The (\S+) of (\S+) is (\S+)\./g, "$2's $1 is $3."],
  [/Which person is (the .+)\?/, 'Who is $1?'],
  [/What number do you end with\?/, 'What is the result?'],
  [/What does (.+) equal\?/, 'What is $1?'],
  [/Which number continues the sequence (.+)\?/, 'What comes next in the sequence $1?'],
];

function back(question: string): string {
  let text = question;
  for (const [pattern, replacement] of BACK) text = text.replace(pattern, replacement);
  return text.replace(/before-swapped/g, 'after').replace(/after-swapped/g, 'before');
}

describe('probe paraphrases', () => {
  it.each(['temporal', 'compositional', 'pattern'] as ProbeType[])('%s: every paraphrase keeps the answer (checked by the independent solver) and the choices', (type) => {
    const items = generateProbeSuite({ type, n: 200, seed: 5, format: 'mc', paraphrases: 3 }) as ChoiceItem[];
    const groups = new Map<string, ChoiceItem[]>();
    for (const item of items) groups.set(String(item.meta!.group), [...(groups.get(String(item.meta!.group)) ?? []), item]);
    expect(groups.size).toBe(200);
    let paraphrased = 0;
    for (const [group, versions] of groups) {
      const base = versions[0]!;
      expect(base.id).toBe(group);
      expect(new Set(versions.map((version) => version.question)).size).toBe(versions.length);
      for (const version of versions.slice(1)) {
        paraphrased++;
        expect(version.choices).toEqual(base.choices);
        expect(version.answer).toBe(base.answer);
        const answer = PROBE_SOLVERS[type](back(version.question));
        expect(answer, version.question).toBe(base.choices[base.answer]);
      }
    }
    expect(paraphrased).toBeGreaterThanOrEqual(200);
  });

  it('writes groups that a task file reads back as versions of one base item, and leaves suites without paraphrases unchanged', () => {
    const items = generateProbeSuite({ type: 'temporal', n: 4, seed: 1, format: 'mc', paraphrases: 2 });
    const task = expandVariants(parseTaskText(items.map(serializeTaskItem).join('\n'), 'p.jsonl', 'p'), undefined);
    expect(task.items.map((item) => variantInfo(item)!.kind)).toEqual(['base', 'group', 'group', 'base', 'group', 'group', 'base', 'group', 'group', 'base', 'group', 'group']);
    expect(generateProbeSuite({ type: 'temporal', n: 8, seed: 1, format: 'mc', paraphrases: 0 })).toEqual(generateProbeSuite({ type: 'temporal', n: 8, seed: 1, format: 'mc' }));
  });
});
