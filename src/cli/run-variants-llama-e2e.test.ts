import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runNumpyLlama } from '../providers/llama-cpp/test-support/numpy-llama.js';
import { writeTinyLlamaGguf } from '../providers/llama-cpp/tiny-llama.js';
import { runCliAsync } from '../test-support/run-cli-async.js';

const ITEMS = [
  { id: 'a', question: 'seq 2 4 6 ->', choices: ['8', '7', '10'], answer: 0 },
  { id: 'b', question: 'Capital of Zorbia?', choices: ['Quell', 'Marn', 'Oss'], answer: 'Oss' },
  { id: 'c', question: 'tea before nap; first?', choices: ['tea', 'nap'], answer: 0 },
  { id: 'd', question: 'odd one?', choices: ['2', '4', '5', '6'], answer: 2 },
];
const SIZES = [['small', 11, 100e3], ['mid', 12, 200e3], ['large', 13, 400e3]] as const;

interface StoredRow { model_id: string; item_id: string; chosen: string; option_logprobs: string; item_json: string }

describe('scalegap run with prompt variants on local GGUF models, then scalegap report', () => {
  it('asks every version, scores the prompts a numpy forward pass scores, and reports brittleness computed from the stored answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalegap-variants-run-'));
    for (const [name, seed] of SIZES) await writeTinyLlamaGguf(join(dir, `${name}.gguf`), { seed, contextLength: 512 });
    writeFileSync(join(dir, 'tiny.jsonl'), `${ITEMS.map((item) => JSON.stringify(item)).join('\n')}\n`);
    writeFileSync(join(dir, 'scalegap.yaml'), [
      'models:',
      ...SIZES.map(([name, , params]) => `  - { id: ${name}, provider: llama-cpp, model: ${name}.gguf, params: ${params} }`),
      'tasks: [tiny.jsonl]',
      'variants: { options: rotate, labels: [letters, numbers], templates: [qa, compact] }',
      '',
    ].join('\n'));
    // versions per item: base + (choices − 1) rotations + 1 label style + 1 template = 3 + 3 + 2 + 4 + 3 × 2
    const perModel = 5 + 5 + 4 + 6;
    const dry = await runCliAsync(['run', '-c', 'scalegap.yaml', '--dry-run'], { cwd: dir });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(`variants: 4 base items × ${(perModel / 4).toFixed(1)} versions each = ${perModel} items per model`);
    expect(dry.stdout).toContain(`total: ${3 * perModel} requests`);

    const run = await runCliAsync(['run', '-c', 'scalegap.yaml'], { cwd: dir });
    expect(run.stderr).toMatch(/model small: confidence method option-logprobs/);
    expect(run.status).toBe(0);
    const db = new Database(join(dir, 'scalegap.db'), { readonly: true });
    const rows = db.prepare("SELECT r.model_id, r.item_id, r.chosen, r.option_logprobs, i.item_json FROM results r JOIN items i ON i.run_id = r.run_id AND i.item_id = r.item_id WHERE r.status = 'ok'").all() as StoredRow[];
    db.close();
    expect(rows).toHaveLength(3 * perModel);

    // The prompts of three versions, written out by hand, scored by an independent numpy forward pass.
    const prompts: Record<string, { prompt: string; options: string[] }> = {
      'b~o1': { prompt: 'Question: Capital of Zorbia?\nA. Marn\nB. Oss\nC. Quell\nAnswer:', options: [' A', ' B', ' C'] },
      'a~l:numbers': { prompt: 'Question: seq 2 4 6 ->\n1. 8\n2. 7\n3. 10\nAnswer:', options: [' 1', ' 2', ' 3'] },
      'c~t:compact': { prompt: 'Q: tea before nap; first? | A. tea | B. nap | Answer:', options: [' A', ' B'] },
    };
    const reference = await runNumpyLlama({ gguf: join(dir, 'mid.gguf'), score: Object.values(prompts) });
    Object.keys(prompts).forEach((id, index) => {
      const stored = JSON.parse(rows.find((row) => row.model_id === 'mid' && row.item_id === id)!.option_logprobs) as number[];
      reference.score[index]!.options.forEach((option, o) => expect(Math.abs(stored[o]! - option.logprob)).toBeLessThan(1e-4));
    });

    // Consistency and strict accuracy per model, from the stored answers and items alone.
    const expected = SIZES.map(([name]) => {
      const byGroup = new Map<string, Array<{ text: string; correct: boolean }>>();
      for (const row of rows.filter((candidate) => candidate.model_id === name)) {
        const item = JSON.parse(row.item_json) as { choices: string[]; answer: number };
        const chosen = JSON.parse(row.chosen) as number;
        const group = row.item_id.split('~')[0]!;
        byGroup.set(group, [...(byGroup.get(group) ?? []), { text: item.choices[chosen]!, correct: chosen === item.answer }]);
      }
      const groups = [...byGroup.values()];
      return {
        consistency: groups.filter((versions) => versions.every((version) => version.text === versions[0]!.text)).length / groups.length,
        strict: groups.filter((versions) => versions.every((version) => version.correct)).length / groups.length,
      };
    });
    const report = await runCliAsync(['report', '--json', '--bootstrap', '200'], { cwd: dir });
    expect(report.status).toBe(0);
    const task = (JSON.parse(report.stdout) as {
      tasks: Array<{ models: Array<{ model: string; n: number }>; brittleness: { groups: number; brittleness: string; models: Array<{ consistency: { estimate: number }; strictAccuracy: { estimate: number } }> } }>;
    }).tasks[0]!;
    expect(task.models.map((model) => [model.model, model.n])).toEqual([['small', 4], ['mid', 4], ['large', 4]]);
    expect(task.brittleness.groups).toBe(4);
    expect(['shrinking', 'growing', 'stable', 'unknown']).toContain(task.brittleness.brittleness);
    task.brittleness.models.forEach((model, j) => {
      expect(model.consistency.estimate).toBeCloseTo(expected[j]!.consistency, 12);
      expect(model.strictAccuracy.estimate).toBeCloseTo(expected[j]!.strict, 12);
    });

    const markdown = await runCliAsync(['report', '--md', '--bootstrap', '200'], { cwd: dir });
    expect(markdown.stdout).toContain('Prompt brittleness: **');
    const terminal = await runCliAsync(['report', '--bootstrap', '200'], { cwd: dir });
    expect(terminal.stdout).toContain('BRITTLENESS (consistency)');
  }, 300_000);
});
