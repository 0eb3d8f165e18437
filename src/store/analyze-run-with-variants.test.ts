import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChoiceItem } from '../core/task.js';
import { expandVariants } from '../tasks/variants/expand-variants.js';
import { analyzeRunWithVariants } from './analyze-run-with-variants.js';
import { openStore } from './open-store.js';
import { readItemResults } from './read-item-results.js';
import { emptyResultRow } from './result-row.js';
import { ResultsRepository } from './results-repository.js';

const item = (id: string): ChoiceItem => ({ kind: 'choice', id, question: `q ${id}`, choices: ['gold', 'x', 'y'], answer: 0 });

function store(): { repository: ResultsRepository; runId: number } {
  const repository = new ResultsRepository(openStore(join(mkdtempSync(join(tmpdir(), 'scalegap-split-')), 'runs.db')));
  const runId = repository.createRun('c.yaml', '{}');
  for (const [modelId, params] of [['s', 1e8], ['m', 1e9], ['l', 1e10]] as const) {
    repository.saveModel(runId, { modelId, provider: 'openai', model: modelId, params, family: null, baseUrl: null, method: 'consistency', capabilitiesJson: null });
  }
  return { repository, runId };
}

describe('analyzeRunWithVariants', () => {
  it('analyses base items once, brittleness from every version, and repeat sampling from the K samples of base items', () => {
    const { repository, runId } = store();
    const task = expandVariants({ name: 't', items: [item('a'), item('b'), item('c')] }, { options: 'rotate' });
    repository.saveTasks(runId, [task]);
    // the answer of each sample as an index into the base item's choices (0 = gold); every other version gives sample 0's answer
    const pattern: Record<string, number[]> = { a: [0, 0, 0, 0], b: [0, 1, 0, 2], c: [1, 1, 2, 1] };
    for (const modelId of ['s', 'm', 'l']) {
      for (const version of task.items as ChoiceItem[]) {
        const base = version.id.split('~')[0]!;
        const samples = version.id === base ? pattern[base]! : [pattern[base]![0]!];
        samples.forEach((baseIndex, sample) => {
          const shown = version.choices.indexOf(['gold', 'x', 'y'][baseIndex]!);
          repository.writeResult(runId, { ...emptyResultRow({ modelId, task: 't', itemId: version.id, sample }, 'ok'), method: 'consistency', chosen: shown, correct: shown === version.answer });
        });
      }
    }
    const { result, base, versions } = analyzeRunWithVariants(repository, readItemResults(repository, runId), { resamples: 200 });
    expect(base.items.map((entry) => entry.item).sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']);
    expect(versions).toBe(3 * 9);
    const analysis = result.tasks[0]!;
    expect(analysis.models.map((model) => model.n)).toEqual([3, 3, 3]);
    // by hand: sample 0's answer is also the majority answer of each base item (b: gold, x, gold, y), so every item is consistent
    expect(analysis.brittleness!.models[0]!.consistency!.estimate).toBe(1);
    const sampling = analysis.sampling![0]!;
    expect(sampling.samplesPerItem).toBe(4);
    expect(sampling.meanAccuracy).toBeCloseTo((1 + 0.5 + 0) / 3, 12);
    expect(sampling.majorityAccuracy).toBeCloseTo(2 / 3, 12);
    expect(sampling.passAtK[3]).toBeCloseTo(2 / 3, 12);
    expect(sampling.passAtK[1]).toBeCloseTo((1 + (1 - 1 / 6) + 0) / 3, 12);
  });
});
