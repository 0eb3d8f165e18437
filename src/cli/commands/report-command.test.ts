import { describe, expect, it } from 'vitest';
import type { ItemResult } from '../../core/item-result.js';
import { analyzeStoredRun } from './report-command.js';

function rows(model: string, params: number, method: ItemResult['method'], correct: boolean[], loss: number | null): ItemResult[] {
  return correct.map((ok, index) => ({
    task: 't', family: null, model, params, item: `q${index}`, correct: ok, confidence: 0.5 + index / 10, loss, method,
  }));
}

describe('analyzeStoredRun', () => {
  it('aggregates item results per model and says when confidence methods differ across the ladder', () => {
    const items = [
      ...rows('a', 1e9, 'option-logprobs', [true, false, false, false], 1.2),
      ...rows('b', 3e9, 'option-logprobs', [true, true, false, false], 1.0),
      ...rows('c', 7e9, 'verbalized', [true, true, true, false], null),
    ];
    const result = analyzeStoredRun({ runId: 1, items, errorsByModel: new Map(), chanceByTask: new Map([['t', 0.25]]) }, { delta: 0.05, margin: 0.03 });
    const task = result.tasks[0]!;
    expect(task.models.map((model) => [model.model, model.accuracy, model.loss, model.n])).toEqual([
      ['a', 0.25, 1.2, 4], ['b', 0.5, 1.0, 4], ['c', 0.75, null, 4],
    ]);
    expect(task.slopeMethod).toBe('paired-bootstrap');
    expect(task.models[0]!.confidence).toBeCloseTo((0.5 + 0.6 + 0.7 + 0.8) / 4, 12);
    expect(task.notes).toContain('Confidence was measured with different methods (a: option-logprobs, b: option-logprobs, c: verbalized): its slope mixes methods.');
    const same = analyzeStoredRun({ runId: 1, items: items.slice(0, 8), errorsByModel: new Map(), chanceByTask: new Map() }, { delta: 0.05, margin: 0.03 });
    expect(same.tasks[0]!.notes.some((note) => note.includes('different methods'))).toBe(false);
  });
});
