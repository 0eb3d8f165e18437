import { describe, expect, it } from 'vitest';
import { parseTaskText } from '../read-task-file.js';
import { scoreFreeAnswer } from '../score-free-answer.js';
import { serializeTaskItem } from '../serialize-task-item.js';
import { generateProbeSuite } from './generate-probe-suite.js';
import { DIFFICULTIES, PROBE_TYPES } from './probe-case.js';
import { PROBE_SOLVERS } from './test-support/probe-solvers.js';

describe('probe suites through the task-file reader and the free-form scorer of scalegap run', () => {
  it.each(PROBE_TYPES)('%s: the reader gives back exactly the generated items, metadata included', (type) => {
    for (const format of ['mc', 'free'] as const) {
      const items = generateProbeSuite({ type, n: 50, seed: 9, format });
      const task = parseTaskText(items.map((item) => `${serializeTaskItem(item)}\n`).join(''), `${type}.jsonl`, type);
      expect(task.items).toEqual(items);
    }
  });

  it.each(PROBE_TYPES)('%s: a free-form reply of the solved answer scores right, every distractor scores wrong', (type) => {
    for (const difficulty of DIFFICULTIES) {
      const free = generateProbeSuite({ type, n: 200, seed: 10, difficulty, format: 'free' });
      const mc = generateProbeSuite({ type, n: 200, seed: 10, difficulty, format: 'mc' });
      free.forEach((item, index) => {
        const twin = mc[index];
        if (item.kind !== 'free' || twin?.kind !== 'choice') throw new Error('formats mixed up');
        expect(twin.question).toBe(item.prompt);
        expect(scoreFreeAnswer(PROBE_SOLVERS[type](item.prompt), item.answer, item.match)).toBe(true);
        expect(scoreFreeAnswer(`The answer is ${item.answer}.`, item.answer, item.match)).toBe(item.match === 'numeric');
        for (const wrong of twin.choices.filter((_, choice) => choice !== twin.answer)) expect(scoreFreeAnswer(wrong, item.answer, item.match)).toBe(false);
      });
    }
  });
});
