import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScalegapError } from '../core/errors.js';
import { parseChoiceLetter, parseVerbalizedReply } from './parse-verbalized.js';
import { readTaskFile } from './read-task-file.js';
import { scoreFreeAnswer } from './score-free-answer.js';

function taskFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scalegap-task-')), 'capitals.jsonl');
  writeFileSync(file, lines.join('\n'));
  return file;
}

function errorOf(action: () => unknown): ScalegapError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScalegapError) return error;
    throw error;
  }
  throw new Error('expected a ScalegapError');
}

describe('readTaskFile', () => {
  it('reads choice and free-form items, answer by index or text, extra fields kept in meta', () => {
    const file = taskFile([
      '{"id": 1, "question": "Capital of France?", "choices": ["Paris", "Rome"], "answer": "Rome", "difficulty": 2}',
      '',
      '{"id": "f1", "prompt": "2+2?", "answer": 4, "match": "numeric"}',
      '{"id": "f2", "prompt": "Say hi", "answer": "hi"}',
    ]);
    const task = readTaskFile(file);
    expect(task.name).toBe('capitals');
    expect(task.items).toEqual([
      { kind: 'choice', id: '1', question: 'Capital of France?', choices: ['Paris', 'Rome'], answer: 1, meta: { difficulty: 2 } },
      { kind: 'free', id: 'f1', prompt: '2+2?', answer: '4', match: 'numeric' },
      { kind: 'free', id: 'f2', prompt: 'Say hi', answer: 'hi', match: 'exact' },
    ]);
  });

  it('names file, line and field for a malformed line', () => {
    const file = taskFile(['{"id": "a", "question": "q", "choices": ["x", "y"], "answer": 0}', '{"id": "b", "question": "q", "choices": ["x"], "answer": 0}']);
    const error = errorOf(() => readTaskFile(file));
    expect(error.location).toEqual({ file, line: 2, field: 'choices' });
    expect(errorOf(() => readTaskFile(taskFile(['{"id": "a", "question": "q", "choices": ["x", "y"], "answer": "z"}']))).location?.field).toBe('answer');
    expect(errorOf(() => readTaskFile(taskFile(['{"id": "a", "question": "q", "choices": ["x", "y"], "answer": 5}']))).message).toMatch(/index below 2/);
    expect(errorOf(() => readTaskFile(taskFile(['{"id": "a", "prompt": "p", "answer": "x", "match": "fuzzy"}']))).location?.field).toBe('match');
    expect(errorOf(() => readTaskFile(taskFile(['{"id": "a", "prompt": "p", "answer": "("}'.replace('}', ', "match": "regex"}')]))).location?.field).toBe('answer');
    expect(errorOf(() => readTaskFile(taskFile(['{"id": "a", "prompt": "p", "answer": "x"}', '{not json'])))).toMatchObject({ location: { line: 2 } });
    expect(errorOf(() => readTaskFile(taskFile(['{"id": "a", "prompt": "p", "answer": "x"}', '{"id": "a", "prompt": "p", "answer": "y"}']))).location).toMatchObject({ line: 2, field: 'id' });
    expect(errorOf(() => readTaskFile('/nonexistent/task.jsonl')).code).toBe('INPUT_INVALID');
  });

  it('reads a file with a byte-order mark, and refuses bytes that are not UTF-8, as analyze does', () => {
    const line = '{"id": "a", "question": "Café?", "choices": ["x", "y"], "answer": 0}';
    const withBom = taskFile(['']);
    writeFileSync(withBom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line, 'utf8')]));
    expect(readTaskFile(withBom).items[0]).toMatchObject({ id: 'a', question: 'Café?' });
    const latin1 = taskFile(['']);
    writeFileSync(latin1, Buffer.from(line, 'latin1'));
    expect(errorOf(() => readTaskFile(latin1)).message).toBe('the task file is not valid UTF-8 text; expected a JSONL file');
  });
});

describe('scoreFreeAnswer', () => {
  it('matches exactly after normalising case, spaces and a final period', () => {
    expect(scoreFreeAnswer('  Paris. ', 'paris', 'exact')).toBe(true);
    expect(scoreFreeAnswer('Paris, France', 'paris', 'exact')).toBe(false);
  });
  it('compares the first number', () => {
    expect(scoreFreeAnswer('It is 1,234.0 apples', '1234', 'numeric')).toBe(true);
    expect(scoreFreeAnswer('-3', '3', 'numeric')).toBe(false);
    expect(scoreFreeAnswer('none', '3', 'numeric')).toBe(false);
  });
  it('searches a regular expression', () => {
    expect(scoreFreeAnswer('the year 1969', '19[0-9]{2}', 'regex')).toBe(true);
    expect(scoreFreeAnswer('the year 2001', '^19', 'regex')).toBe(false);
  });
});

describe('parseVerbalizedReply', () => {
  it('reads answer and confidence in the asked format', () => {
    expect(parseVerbalizedReply('Answer: B\nConfidence: 85')).toEqual({ answer: 'B', confidence: 0.85 });
    expect(parseVerbalizedReply('**Answer:** C\n**Confidence:** 100%')).toEqual({ answer: 'C', confidence: 1 });
  });
  it('never guesses a confidence that is not a number from 0 to 100', () => {
    expect(parseVerbalizedReply('Answer: B\nConfidence: high').confidence).toBeNull();
    expect(parseVerbalizedReply('Answer: B\nConfidence: 150').confidence).toBeNull();
    expect(parseVerbalizedReply('Answer: B\nI am 90% sure').confidence).toBeNull();
    expect(parseVerbalizedReply('B').answer).toBeNull();
  });
  it('reads choice letters strictly', () => {
    expect(parseChoiceLetter('B', 4)).toBe(1);
    expect(parseChoiceLetter('(C) gamma', 4)).toBe(2);
    expect(parseChoiceLetter('E', 4)).toBeNull();
    expect(parseChoiceLetter('Because', 4)).toBeNull();
  });
});
