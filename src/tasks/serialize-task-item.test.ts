import { describe, expect, it } from 'vitest';
import { serializeTaskItem } from './serialize-task-item.js';

describe('serializeTaskItem', () => {
  it('writes the core fields first, then meta at top level, as one JSON line', () => {
    const line = serializeTaskItem({ kind: 'choice', id: 'q1', question: 'What is 2 times 3?', choices: ['5', '6'], answer: 1, meta: { type: 'knowledge', difficulty: 1, seed: 7 } });
    expect(line).toBe('{"id":"q1","question":"What is 2 times 3?","choices":["5","6"],"answer":1,"type":"knowledge","difficulty":1,"seed":7}');
    expect(line).not.toContain('\n');
  });

  it('writes free-form items with prompt, answer and match', () => {
    expect(serializeTaskItem({ kind: 'free', id: 'f1', prompt: 'Say "hi"\nnow', answer: 'hi', match: 'exact' })).toBe(
      '{"id":"f1","prompt":"Say \\"hi\\"\\nnow","answer":"hi","match":"exact"}',
    );
  });

  it('refuses meta fields that would overwrite a task-file field', () => {
    expect(() => serializeTaskItem({ kind: 'free', id: 'f1', prompt: 'p', answer: 'a', match: 'exact', meta: { answer: 'b' } })).toThrow(/clashes/);
  });
});
