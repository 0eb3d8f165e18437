import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChoiceItem } from '../../core/task.js';
import { openStore } from '../../store/open-store.js';
import { emptyResultRow } from '../../store/result-row.js';
import { ResultsRepository } from '../../store/results-repository.js';

/**
 * A real SQLite store with one finished run: 3 models × 2 tasks × 60 four-choice items, accuracy
 * rising with size on one task and flat on the other (seeded, deterministic), one task named with
 * an XSS payload.
 */
export function writeStore(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scalegap-view-')), 'runs.db');
  const db = openStore(file);
  const repository = new ResultsRepository(db);
  const runId = repository.createRun('ladder.yaml', '{}');
  const models = [
    { modelId: 'small', params: 7e7 },
    { modelId: 'medium', params: 1e9 },
    { modelId: 'large', params: 1.2e10 },
  ];
  for (const model of models) repository.saveModel(runId, { ...model, provider: 'llama-cpp', model: model.modelId, family: 'tiny', baseUrl: null, method: 'option-logprobs', capabilitiesJson: null });
  const tasks = ['rising', '<img src=x onerror=alert(1)>'];
  const items: ChoiceItem[] = Array.from({ length: 60 }, (_, i) => ({ kind: 'choice', id: `q${i}`, question: `q${i}?`, choices: ['a', 'b', 'c', 'd'], answer: 0 }));
  repository.saveTasks(runId, tasks.map((name) => ({ name, items })));
  tasks.forEach((task, t) => {
    models.forEach((model, m) => {
      const correctUpTo = t === 0 ? 20 + 15 * m : 30;
      items.forEach((item, i) => {
        const correct = i < correctUpTo;
        repository.writeResult(runId, { ...emptyResultRow({ modelId: model.modelId, task, itemId: item.id, sample: 0 }, 'ok'), correct, chosen: correct ? 0 : 1, confidence: 0.5 + 0.1 * m, method: 'option-logprobs', loss: correct ? 0.7 : 1.6, attempts: 1 });
      });
    });
  });
  repository.setRunStatus(runId, 'completed');
  db.close();
  return file;
}

