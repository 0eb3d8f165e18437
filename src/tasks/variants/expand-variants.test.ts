import { describe, expect, it } from 'vitest';
import type { ChoiceItem, Task } from '../../core/task.js';
import { consistencyPrompt, letterPrompt, optionScoringPrompt, verbalizedChoicePrompt } from '../format-prompt.js';
import { parseTaskText } from '../read-task-file.js';
import { expandVariants } from './expand-variants.js';
import { LABEL_STYLES, parseLabel, tokenLabelIndex } from './label-styles.js';
import { limitItems } from './limit-items.js';
import { rotations, samplePermutations } from './option-orders.js';
import { isBaseItem, variantCounts, variantInfo } from './variant-info.js';

const ITEM: ChoiceItem = { kind: 'choice', id: 'q1', question: 'Which is red?', choices: ['sky', 'blood', 'grass', 'snow'], answer: 1 };
const TASK: Task = { name: 't', items: [ITEM, { kind: 'free', id: 'f', prompt: 'p', answer: '1', match: 'exact' }] };

describe('option orders', () => {
  it('rotations are the n − 1 cyclic shifts', () => {
    expect(rotations(3)).toEqual([[1, 2, 0], [2, 0, 1]]);
  });
  it('samples distinct non-identity permutations, reproducibly, and all of them when fewer exist', () => {
    const sample = samplePermutations(4, 10, 7);
    expect(new Set(sample.map((order) => order.join())).size).toBe(10);
    expect(sample.every((order) => [...order].sort().join() === '0,1,2,3' && order.join() !== '0,1,2,3')).toBe(true);
    expect(samplePermutations(4, 10, 7)).toEqual(sample);
    expect(samplePermutations(4, 10, 8)).not.toEqual(sample);
    expect(samplePermutations(3, 50, 1)).toHaveLength(5);
  });
});

describe('expandVariants', () => {
  const expanded = expandVariants(TASK, { options: 'rotate', labels: ['letters', 'numbers'], templates: ['qa', 'compact'] });
  const choices = expanded.items.filter((item): item is ChoiceItem => item.kind === 'choice');

  it('makes the base item, every rotation, each other label style and template, one factor at a time', () => {
    expect(expanded.items.map((item) => item.id)).toEqual(['q1', 'q1~o1', 'q1~o2', 'q1~o3', 'q1~l:numbers', 'q1~t:compact', 'f']);
    expect(choices.map((item) => variantInfo(item)!.kind)).toEqual(['base', 'options', 'options', 'options', 'labels', 'templates']);
    expect(choices.map((item) => item.choices[item.answer])).toEqual(Array(6).fill('blood'));
    expect(choices[1]!.choices).toEqual(['blood', 'grass', 'snow', 'sky']);
    expect(choices[1]!.answer).toBe(0);
    expect(variantCounts(expanded.items)).toEqual({ baseItems: 2, items: 7 });
    expect(expandVariants(TASK, undefined)).toBe(TASK);
  });

  it('formats prompts by template and label style; option scoring lists the choices and scores the labels', () => {
    expect(letterPrompt(choices[0]!)).toBe('Question: Which is red?\nA. sky\nB. blood\nC. grass\nD. snow\nAnswer with the letter of the correct choice only.\nAnswer:');
    expect(letterPrompt(choices[4]!)).toBe('Question: Which is red?\n1. sky\n2. blood\n3. grass\n4. snow\nAnswer with the number of the correct choice only.\nAnswer:');
    expect(letterPrompt(choices[5]!)).toBe('Q: Which is red? | A. sky | B. blood | C. grass | D. snow | Answer with the letter of the correct choice only. Answer:');
    expect(optionScoringPrompt(choices[4]!)).toEqual({ prompt: 'Question: Which is red?\n1. sky\n2. blood\n3. grass\n4. snow\nAnswer:', options: [' 1', ' 2', ' 3', ' 4'] });
    expect(verbalizedChoicePrompt(choices[4]!)).toContain('Answer: <number>');
    const { format: _format, ...plain } = choices[0]!;
    for (const prompt of [letterPrompt, verbalizedChoicePrompt, consistencyPrompt]) expect(prompt(choices[0]!)).toBe(prompt(plain));
    expect(optionScoringPrompt(ITEM)).toEqual({ prompt: 'Question: Which is red?\nAnswer:', options: [' sky', ' blood', ' grass', ' snow'] });
  });

  it('treats items of a task file with one group as versions of one base item', () => {
    const text = [
      { id: 'a1', question: 'Is fire hot?', choices: ['yes', 'no'], answer: 0, group: 'a' },
      { id: 'a2', question: 'Fire: hot or not?', choices: ['not', 'hot'], answer: 1, group: 'a' },
      { id: 'b', question: 'Is ice hot?', choices: ['yes', 'no'], answer: 1 },
    ].map((line) => JSON.stringify(line)).join('\n');
    const task = expandVariants(parseTaskText(text, 'g.jsonl', 'g'), undefined);
    expect(task.items.map((item) => [variantInfo(item)!.group, variantInfo(item)!.kind, isBaseItem(item)])).toEqual([['a', 'base', true], ['a', 'group', false], ['b', 'base', true]]);
    expect(task.items.every((item) => item.kind === 'choice' && item.format === undefined)).toBe(true);
    expect(limitItems(task.items, 1).map((item) => item.id)).toEqual(['a1', 'a2']);
  });

  it('rejects a variant id that another item already has', () => {
    const clash: Task = { name: 't', file: 't.jsonl', items: [ITEM, { ...ITEM, id: 'q1~o1' }] };
    expect(() => expandVariants(clash, { options: 'rotate' })).toThrow(/variant id "q1~o1" is also the id of another item/);
  });
});

describe('label styles', () => {
  it('reads answers and tokens in each style', () => {
    expect(parseLabel('(c) grass', LABEL_STYLES['lower-paren'], 4)).toBe(2);
    expect(parseLabel('4.', LABEL_STYLES.numbers, 4)).toBe(3);
    expect(parseLabel('5', LABEL_STYLES.numbers, 4)).toBeNull();
    expect(parseLabel('b', LABEL_STYLES.letters, 4)).toBeNull();
    expect(tokenLabelIndex(' 2', LABEL_STYLES.numbers, 4)).toBe(1);
    expect(tokenLabelIndex('b)', LABEL_STYLES['lower-paren'], 4)).toBe(1);
  });
});
