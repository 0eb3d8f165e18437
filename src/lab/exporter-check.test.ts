import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokenScorer, type TokenScorer } from './test-support/llama-token-logprobs.js';
import { runLabModule } from './test-support/lab-python.js';

interface ReferenceOption { tokens: number[]; tokenLogprobs: number[]; logprob: number }
interface ReferenceItem { task: string; id: string; question: string; choices: string[]; promptTokens: number[]; options: ReferenceOption[] }

// The lab's exporter check: PyTorch trains the smallest rung for a few hundred steps and exports it to GGUF;
// node-llama-cpp must give the same per-token log-probabilities (≤ 1e-4) and pick the same option every time.
describe('lab GGUF exporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-lab-check-'));
  let items: ReferenceItem[] = [];
  let scorer: TokenScorer;

  beforeAll(async () => {
    runLabModule('export_check', ['--steps', '300', '--out', dir]);
    items = (JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { items: ReferenceItem[] }).items;
    scorer = await loadTokenScorer(join(dir, 'model.gguf'));
  }, 900_000);

  afterAll(async () => {
    await scorer?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tokenizes prompts exactly as the lab trained them (BOS + one token per byte)', () => {
    const item = items[0]!;
    expect(scorer.bosToken).toBe(256);
    expect([256, ...scorer.tokenize(`Question: ${item.question}\nAnswer:`)]).toEqual(item.promptTokens);
  });

  it('gives per-token log-probabilities within 1e-4 of PyTorch on every held-out task', async () => {
    expect(new Set(items.map((item) => item.task)).size).toBe(5);
    let worst = 0;
    let agree = 0;
    for (const item of items) {
      const sums: number[] = [];
      for (const option of item.options) {
        const got = await scorer.continuationLogprobs(item.promptTokens, option.tokens);
        expect(got).toHaveLength(option.tokenLogprobs.length);
        got.forEach((value, index) => { worst = Math.max(worst, Math.abs(value - option.tokenLogprobs[index]!)); });
        sums.push(got.reduce((a, b) => a + b, 0));
      }
      const reference = item.options.map((option) => option.logprob);
      if (sums.indexOf(Math.max(...sums)) === reference.indexOf(Math.max(...reference))) agree += 1;
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
    expect(agree).toBe(items.length);
  });
});
