import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TaskItem } from '../../core/task.js';
import { serializeTaskItem } from '../serialize-task-item.js';
import { generateProbeSuite } from './generate-probe-suite.js';
import { PROBE_TYPES, type ProbeType } from './probe-case.js';
import { itemProblems } from './test-support/check-suite.js';

const goldenPath = new URL('./fixtures/golden-probes.jsonl', import.meta.url);

/** The golden suite as fixtures/make-golden-probes.sh builds it with the CLI. */
function suiteText(): string {
  return PROBE_TYPES.map((type) =>
    [generateProbeSuite({ type, n: 10, seed: 42, format: 'mc' }), generateProbeSuite({ type, n: 5, seed: 42, format: 'free' })]
      .flat()
      .map((item) => `${serializeTaskItem(item)}\n`)
      .join(''),
  ).join('');
}

/** A golden line back as a task item (the file is our own output, so its shape is known). */
function fromLine(line: string): { type: ProbeType; item: TaskItem } {
  const record = JSON.parse(line) as Record<string, unknown>;
  const meta = { type: record['type'], difficulty: record['difficulty'], seed: record['seed'], subtype: record['subtype'] };
  const item: TaskItem = Array.isArray(record['choices'])
    ? { kind: 'choice', id: String(record['id']), question: String(record['question']), choices: record['choices'] as string[], answer: Number(record['answer']), meta }
    : { kind: 'free', id: String(record['id']), prompt: String(record['prompt']), answer: String(record['answer']), match: record['match'] as 'exact', meta };
  return { type: record['type'] as ProbeType, item };
}

describe('golden probe suite', () => {
  const golden = readFileSync(goldenPath, 'utf8');

  it('is reproduced byte for byte', () => {
    expect(suiteText()).toBe(golden);
  });

  it('holds answers that the independent solvers re-derive', () => {
    const lines = golden.trimEnd().split('\n');
    expect(lines).toHaveLength(60);
    expect(lines.flatMap((line) => {
      const { type, item } = fromLine(line);
      return itemProblems(type, item);
    })).toEqual([]);
  });

  it('comes out of the package imported by name (built dist) too', () => {
    const script = `
      import { generateProbeSuite, serializeTaskItem } from 'scalegap';
      process.stdout.write(generateProbeSuite({ type: 'knowledge', n: 10, seed: 42, format: 'mc' }).map((item) => serializeTaskItem(item) + '\\n').join(''));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../../..', import.meta.url)), encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(`${golden.split('\n').slice(15, 25).join('\n')}\n`);
  });
});
