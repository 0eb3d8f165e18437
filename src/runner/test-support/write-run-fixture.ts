import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a task file of `count` four-choice items (gold = item index mod 4) and returns its lines. */
export function choiceTaskLines(count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    JSON.stringify({ id: `q${index}`, question: `What is item ${index}?`, choices: ['alpha', 'beta', 'gamma', 'delta'], answer: index % 4 }));
}

/** Creates a temporary folder with `task.jsonl` and `scalegap.yaml`; returns the folder and config path. */
export function writeRunFixture(options: { items?: number; models?: string; extra?: string; taskLines?: string[] } = {}): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-run-'));
  writeFileSync(join(dir, 'task.jsonl'), `${(options.taskLines ?? choiceTaskLines(options.items ?? 10)).join('\n')}\n`);
  const models = options.models ?? [
    '  - { id: small, provider: openai, model: m-small, params: 1b, baseUrl: "http://127.0.0.1:9/v1" }',
    '  - { id: large, provider: openai, model: m-large, params: 7b, baseUrl: "http://127.0.0.1:9/v1" }',
  ].join('\n');
  const config = join(dir, 'scalegap.yaml');
  writeFileSync(config, `models:\n${models}\ntasks:\n  - task.jsonl\n${options.extra ?? ''}`);
  return { dir, config };
}
