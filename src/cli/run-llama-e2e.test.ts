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
  { id: 'b', question: 'Capital of Zorbia?', choices: ['Quell', 'Marn', 'Oss', 'Tibbet'], answer: 'Oss' },
  { id: 'c', question: 'tea before nap; first?', choices: ['tea', 'nap'], answer: 0 },
  { id: 'd', question: 'Ünïcode «ok»?', choices: ['ja', 'nein', '是'], answer: 2 },
  { id: 'e', question: 'x', choices: ['y', 'yy', 'a much longer option'], answer: 1 },
];

function logSumExp(values: number[]): number {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((sum, value) => sum + Math.exp(value - top), 0));
}

describe('scalegap run with local GGUF models (real node-llama-cpp, built CLI)', () => {
  it('stores option log-probs that match an independent numpy forward pass, and resumes a finished run without work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalegap-llama-run-'));
    await writeTinyLlamaGguf(join(dir, 'small.gguf'), { seed: 11 });
    await writeTinyLlamaGguf(join(dir, 'large.gguf'), { seed: 12, embeddingLength: 48, blockCount: 3, headCount: 6, headCountKv: 2 });
    writeFileSync(join(dir, 'tiny.jsonl'), `${ITEMS.map((item) => JSON.stringify(item)).join('\n')}\n`);
    writeFileSync(join(dir, 'scalegap.yaml'), [
      'models:',
      '  - { id: small, provider: llama-cpp, model: small.gguf, params: 100k }',
      '  - { id: large, provider: llama-cpp, model: large.gguf, params: 300k }',
      'tasks: [tiny.jsonl]',
      '',
    ].join('\n'));
    const run = await runCliAsync(['run', '-c', 'scalegap.yaml'], { cwd: dir });
    expect(run.stderr).toMatch(/model small: confidence method option-logprobs/);
    expect(run.status).toBe(0);
    const db = new Database(join(dir, 'scalegap.db'), { readonly: true });
    const rows = db.prepare("SELECT model_id, item_id, option_logprobs, loss, confidence, correct, chosen FROM results WHERE status = 'ok'").all() as Array<{
      model_id: string; item_id: string; option_logprobs: string; loss: number; confidence: number; correct: number; chosen: string;
    }>;
    db.close();
    expect(rows).toHaveLength(10);
    const gold = ITEMS.map((item) => (typeof item.answer === 'number' ? item.answer : item.choices.indexOf(item.answer)));
    for (const model of ['small', 'large']) {
      const reference = await runNumpyLlama({
        gguf: join(dir, `${model}.gguf`),
        score: ITEMS.map((item) => ({ prompt: `Question: ${item.question}\nAnswer:`, options: item.choices.map((choice) => ` ${choice}`) })),
      });
      ITEMS.forEach((item, index) => {
        const row = rows.find((candidate) => candidate.model_id === model && candidate.item_id === item.id)!;
        const expected = reference.score[index]!.options.map((option) => option.logprob);
        const stored = JSON.parse(row.option_logprobs) as number[];
        stored.forEach((value, option) => expect(Math.abs(value - expected[option]!)).toBeLessThan(1e-4));
        const best = expected.indexOf(Math.max(...expected));
        expect(JSON.parse(row.chosen)).toBe(best);
        expect(row.correct).toBe(best === gold[index] ? 1 : 0);
        expect(Math.abs(row.loss - (logSumExp(expected) - expected[gold[index]!]!))).toBeLessThan(1e-4);
        expect(Math.abs(row.confidence - Math.exp(expected[best]! - logSumExp(expected)))).toBeLessThan(1e-4);
      });
    }
    const again = await runCliAsync(['run', '-c', 'scalegap.yaml', '--resume'], { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/run 1 completed: 0 scored, 0 errors, 0 from cache, 0 requests sent/);
    const report = await runCliAsync(['report', '--json'], { cwd: dir });
    expect(report.status).toBe(0);
    const models = (JSON.parse(report.stdout) as { tasks: Array<{ models: Array<{ model: string; n: number }> }> }).tasks[0]!.models;
    expect(models.map((model) => [model.model, model.n])).toEqual([['small', 5], ['large', 5]]);
  }, 240_000);
});
