import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScalegapError } from '../../core/errors.js';
import { detectItemFile, readItemFiles } from './read-item-files.js';
import { readCostsFile } from './read-costs-file.js';

const folder = mkdtempSync(join(tmpdir(), 'scalegap-items-'));
const write = (name: string, text: string): string => {
  const file = join(folder, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
};
const jsonl = (rows: object[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
const row = (model: string, params: number, item: string, correct: unknown, confidence: unknown): object => ({ task: 't', model, params, item, correct, confidence });

async function readError(file: string, kind = detectItemFile(file)!): Promise<ScalegapError> {
  try {
    await readItemFiles([{ file, kind }], { accuracyMetric: 'acc', mismatch: 'error' });
  } catch (error) {
    if (error instanceof ScalegapError) return error;
    throw error;
  }
  throw new Error('expected an input error');
}

describe('item results JSONL', () => {
  it('reads rows into ladders, renormalising the loss over option_logprobs', async () => {
    const file = write('ok.jsonl', jsonl([
      { task: 't', model: 'a', params: '70m', item: 1, correct: true, confidence: 0.7, option_logprobs: [-1, -2, -3], gold_logprob: -1 },
      { task: 't', model: 'a', params: '70m', item: 2, correct: 0, confidence: 0.4, option_logprobs: [-1, -2], gold_logprob: -2 },
      { task: 't', model: 'b', params: 1e9, item: 1, correct: 1, confidence: 0.9, loss: 0.1 },
      { task: 't', model: 'b', params: 1e9, item: 2, correct: false, confidence: 0.6, loss: 0.9 },
    ]));
    expect(detectItemFile(file)).toBe('item results (JSONL)');
    const { ladders, inputs } = await readItemFiles([{ file, kind: 'item results (JSONL)' }], { accuracyMetric: 'acc', mismatch: 'error' });
    expect(inputs[0]!.rows).toBe(4);
    const ladder = ladders[0]!;
    expect(ladder.itemIds).toEqual(['1', '2']);
    expect(ladder.models.map((m) => m.model)).toEqual(['a', 'b']);
    expect(ladder.models[0]!.params).toBe(70e6);
    expect(Array.from(ladder.models[0]!.correct)).toEqual([1, 0]);
    const lse3 = Math.log(Math.exp(-1) + Math.exp(-2) + Math.exp(-3));
    const lse2 = Math.log(Math.exp(-1) + Math.exp(-2));
    expect(ladder.models[0]!.loss![0]).toBeCloseTo(lse3 + 1, 12);
    expect(ladder.models[0]!.loss![1]).toBeCloseTo(lse2 + 2, 12);
    expect(ladder.chance).toBeCloseTo((1 / 3 + 1 / 2) / 2, 12);
  });

  it.each([
    ['confidence outside [0, 1]', [row('a', 1e8, 'q1', 1, 0.5), row('a', 1e8, 'q2', 1, 70)], 2, 'confidence'],
    ['correct not 0/1/true/false', [row('a', 1e8, 'q1', 'yes', 0.5)], 1, 'correct'],
    ['a duplicate (task, model, item)', [row('a', 1e8, 'q1', 1, 0.5), row('a', 1e8, 'q2', 1, 0.5), row('a', 1e8, 'q1', 0, 0.5)], 3, 'item'],
    ['a model lacking items', [row('a', 1e8, 'q1', 1, 0.5), row('a', 1e8, 'q2', 1, 0.5), row('b', 1e9, 'q1', 1, 0.5)], 3, 'item'],
  ])('rejects %s with file, line and field', async (_name, rows, line, field) => {
    const file = write(`bad-${field}-${line}.jsonl`, jsonl(rows));
    const error = await readError(file);
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.location).toMatchObject({ file, line, field });
  });

  it('names the missing items of a model whose item set differs', async () => {
    const file = write('mismatch.jsonl', jsonl([row('a', 1e8, 'q1', 1, 0.5), row('a', 1e8, 'q2', 1, 0.5), row('a', 1e8, 'q3', 0, 0.5), row('b', 1e9, 'q2', 1, 0.5)]));
    const error = await readError(file);
    expect(error.message).toContain('"q1", "q3"');
    expect(error.message).toContain('"b"');
  });

  it('rejects a JSONL file of an unknown shape', () => {
    const file = write('other.jsonl', jsonl([{ question: 'x' }]));
    expect(() => detectItemFile(file)).toThrow(/unknown JSONL shape/);
  });
});

describe('lm-evaluation-harness samples', () => {
  const sample = (docId: number, target: unknown, lls: number[]): object => ({
    doc_id: docId,
    doc: {},
    target,
    arguments: Object.fromEntries(lls.map((_, i) => [`gen_args_${i}`, { arg_0: 'Q', arg_1: ` option ${'x'.repeat(i)}` }])),
    resps: lls.map((ll) => [[String(ll), 'False']]),
    filtered_resps: lls.map((ll) => [String(ll), 'False']),
    acc: 0,
  });

  it('derives correct, option-softmax confidence and renormalised gold NLL', async () => {
    const file = write('out/EleutherAI__pythia-160m/samples_arc_easy_2024-05-01T10-11-12.123456.jsonl', jsonl([sample(0, 1, [-3, -1, -2]), sample(1, 0, [-1.5, -1, -4])]));
    expect(detectItemFile(file)).toBe('lm-evaluation-harness samples');
    const { ladders } = await readItemFiles([{ file, kind: 'lm-evaluation-harness samples' }], { accuracyMetric: 'acc', mismatch: 'error' });
    const ladder = ladders[0]!;
    expect(ladder.task).toBe('arc_easy');
    const model = ladder.models[0]!;
    expect(model.model).toBe('pythia-160m');
    expect(ladder.family).toBe('pythia');
    expect(model.params).toBe(160e6);
    expect(Array.from(model.correct)).toEqual([1, 0]);
    const z0 = Math.exp(-3) + Math.exp(-1) + Math.exp(-2);
    const z1 = Math.exp(-1.5) + Math.exp(-1) + Math.exp(-4);
    expect(model.confidence![0]).toBeCloseTo(Math.exp(-1) / z0, 12);
    expect(model.confidence![1]).toBeCloseTo(Math.exp(-1) / z1, 12);
    expect(model.loss![0]).toBeCloseTo(-Math.log(Math.exp(-1) / z0), 12);
    expect(model.loss![1]).toBeCloseTo(-Math.log(Math.exp(-1.5) / z1), 12);
  });

  it('reads resps when filtered_resps is absent, and acc_norm divides by the continuation bytes', async () => {
    // option 0: ll −4 over 10 bytes (−0.4/byte); option 1: ll −3 over 2 bytes (−1.5/byte)
    const line = { doc_id: 'd1', target: 0, arguments: [['Q', ' abcdefghi'], ['Q', ' a']], resps: [[['-4', 'False']], [['-3', 'True']]] };
    const file = write('out2/org__model-1b/samples_piqa_2024-05-01T10-11-12.jsonl', jsonl([line]));
    const read = async (metric: 'acc' | 'acc_norm'): Promise<number> =>
      (await readItemFiles([{ file, kind: 'lm-evaluation-harness samples' }], { accuracyMetric: metric, mismatch: 'error' })).ladders[0]!.models[0]!.correct[0]!;
    expect(await read('acc')).toBe(0);
    expect(await read('acc_norm')).toBe(1);
  });

  it('rejects a generation task (no option log-likelihoods) naming line and field', async () => {
    const file = write('out/m__x-70m/samples_gsm8k_2024-05-01T10-11-12.jsonl', jsonl([{ doc_id: 0, target: '4', resps: [['The answer is 4']], filtered_resps: ['4'] }]));
    const error = await readError(file, 'lm-evaluation-harness samples');
    expect(error.location).toMatchObject({ file, line: 1, field: 'filtered_resps' });
    expect(error.message).toMatch(/unknown lm-eval samples shape/);
  });
});

describe('Inverse Scaling Prize CSV', () => {
  it('reads index, loss and infers two-option confidence from the loss', async () => {
    const file = write('isp/redefine-math/gpt2-medium.csv', 'index,loss\n0,0.2\n1,1.5\n');
    expect(detectItemFile(file)).toBe('Inverse Scaling Prize CSV');
    const { ladders } = await readItemFiles([{ file, kind: 'Inverse Scaling Prize CSV' }], { accuracyMetric: 'acc', mismatch: 'error' });
    const model = ladders[0]!.models[0]!;
    expect(ladders[0]!.task).toBe('redefine-math');
    expect(model.params).toBe(355e6);
    expect(Array.from(model.correct)).toEqual([1, 0]);
    expect(model.confidence![0]).toBeCloseTo(Math.exp(-0.2), 12);
    expect(model.confidence![1]).toBeCloseTo(1 - Math.exp(-1.5), 12);
  });

  it('rejects a bad correct value with its line', async () => {
    const file = write('isp/t2/gpt2.csv', 'index,loss,correct\n0,0.2,1\n1,0.3,maybe\n');
    const error = await readError(file);
    expect(error.location).toMatchObject({ file, line: 3, field: 'correct' });
  });
});

describe('costs file', () => {
  it('reads per-item prices and token prices', () => {
    const file = write('costs.csv', 'model,per_item,input_per_mtok,output_per_mtok,input_tokens,output_tokens\na,0.002,,,,\nb,,3,15,1000,10\n');
    const costs = readCostsFile(file);
    expect(costs.get('a')).toBe(0.002);
    expect(costs.get('b')).toBeCloseTo((3 * 1000 + 15 * 10) / 1e6, 15);
  });
});
