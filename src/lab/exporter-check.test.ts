import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppProvider, type LlamaCppProvider } from '../providers/llama-cpp/llama-cpp-provider.js';
import type { ChoiceItem } from '../core/task.js';
import { optionScoringPrompt } from '../tasks/format-prompt.js';
import { runLabModule } from './test-support/lab-python.js';

interface ReferenceOption { tokens: number[]; tokenLogprobs: number[]; logprob: number }
interface ReferenceItem { task: string; id: string; question: string; choices: string[]; answer: number; options: ReferenceOption[] }

// The lab's exporter check: PyTorch trains the smallest rung for a few hundred steps and exports it to GGUF;
// the llama-cpp provider (node-llama-cpp, flash attention off, F32 KV cache, no GPU, one thread) must give the
// same per-token log-probabilities (≤ 1e-4) and pick the same option on every item.
describe('lab GGUF exporter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-lab-check-'));
  let items: ReferenceItem[] = [];
  let provider: LlamaCppProvider;

  beforeAll(() => {
    runLabModule('export_check', ['--steps', '300', '--out', dir]);
    items = (JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { items: ReferenceItem[] }).items;
    provider = createLlamaCppProvider({ modelPath: join(dir, 'model.gguf'), threads: 1 });
  }, 900_000);

  afterAll(async () => {
    await provider?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives per-token log-probabilities within 1e-4 of PyTorch on every task, and the same winning option', async () => {
    expect(new Set(items.map((item) => item.task)).size).toBe(6);
    let worst = 0;
    let agree = 0;
    for (const reference of items) {
      const item: ChoiceItem = { kind: 'choice', id: reference.id, question: reference.question, choices: reference.choices, answer: reference.answer };
      const scored = await provider.scoreOptions(optionScoringPrompt(item));
      reference.options.forEach((option, index) => {
        const got = scored.optionTokenLogprobs[index]!;
        expect(got).toHaveLength(option.tokens.length);
        got.forEach((value, position) => { worst = Math.max(worst, Math.abs(value - option.tokenLogprobs[position]!)); });
        expect(Math.abs(scored.optionLogprobs[index]! - option.logprob)).toBeLessThanOrEqual(1e-4);
      });
      const sums = reference.options.map((option) => option.logprob);
      if (scored.optionLogprobs.indexOf(Math.max(...scored.optionLogprobs)) === sums.indexOf(Math.max(...sums))) agree += 1;
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
    expect(agree).toBe(items.length);
  });
});
