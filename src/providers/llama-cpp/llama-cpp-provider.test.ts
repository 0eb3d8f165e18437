import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import { createLlamaCppProvider, type LlamaCppProvider } from './llama-cpp-provider.js';
import { loadLlamaRuntime } from './llama-runtime.js';
import { scoreOptionsOnSequence } from './score-options-on-sequence.js';
import { runNumpyLlama } from './test-support/numpy-llama.js';
import { writeTinyLlamaGguf } from './tiny-llama.js';

const ITEMS = [
  { prompt: 'seq 3 6 9 12 ->', options: [' 15', ' 14', ' 18', ' 21'] },
  // shares its first 11 bytes with the item before: they stay in the KV cache and are not evaluated again
  { prompt: 'seq 3 6 9 15 ->', options: [' 18', ' 21', ' 19'] },
  { prompt: 'The capital of Zorbia is', options: [' Quell', ' Marn', ' Tibbet', ' Oss'] },
  { prompt: 'tea before nap. run after nap. first?', options: [' tea', ' nap', ' run', ' none of them'] },
  { prompt: 'Ünïcode prompt — «ok»\nanswer:', options: [' ja', ' nein', ' 是', ' ☃'] },
  { prompt: 'x', options: ['y', 'yy', 'yyy', ' long option with many words'] },
];

let dir: string;
let plainModel: string;
let groupedModel: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scalegap-llama-'));
  plainModel = join(dir, 'plain.gguf');
  groupedModel = join(dir, 'grouped.gguf');
  await writeTinyLlamaGguf(plainModel, { seed: 1 });
  await writeTinyLlamaGguf(groupedModel, { seed: 2, embeddingLength: 48, blockCount: 3, headCount: 6, headCountKv: 2, feedForwardLength: 80 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('llama-cpp log-probabilities against an independent numpy forward pass', () => {
  it('per-token log-probs agree to 1e-4, and the engine evaluates exactly the tokens reported', async () => {
    const reference = await runNumpyLlama({ gguf: plainModel, score: ITEMS });
    const runtime = await loadLlamaRuntime({ modelPath: plainModel, threads: 1, contextSize: undefined, gpu: false });
    try {
      let previousShared: Buffer | undefined;
      for (const [itemIndex, item] of ITEMS.entries()) {
        // node-llama-cpp's own meter: tokens decoded, split into those without and with logits requested.
        const meter = runtime.sequence.tokenMeter;
        const before = meter.usedInputTokens + meter.usedOutputTokens;
        const scores = await scoreOptionsOnSequence(runtime, item.prompt, item.options);
        const evaluated = meter.usedInputTokens + meter.usedOutputTokens - before;
        const expected = reference.score[itemIndex]?.options.map((option) => option.tokenLogprobs);
        expect(scores.tokenLogprobs.map((tokens) => tokens.length)).toEqual(expected?.map((tokens) => tokens.length));
        scores.tokenLogprobs.flat().forEach((value, index) => {
          expect(Math.abs(value - (expected?.flat()[index] ?? Number.NaN))).toBeLessThanOrEqual(1e-4);
        });
        // Byte tokens: BOS, the prompt's bytes and the bytes all options start with are evaluated once (never
        // beyond the longest option's second-last byte), then each option's remaining bytes but its last.
        const promptBytes = Buffer.byteLength(item.prompt);
        const bytes = item.options.map((option) => Buffer.from(option));
        const optionBytes = bytes.map((option) => option.length);
        let common = 0;
        while (bytes.every((option) => common < option.length && option[common] === bytes[0]![common])) common += 1;
        const shared = 1 + promptBytes + Math.min(common, Math.max(...optionBytes) - 1);
        const own = optionBytes.reduce((sum, length) => sum + Math.max(0, 1 + promptBytes + length - 1 - shared), 0);
        // The previous item's shared bytes stay in the KV cache: their agreeing beginning is not evaluated again,
        // up to the last prompt byte (its distribution is needed).
        const sharedBytes = Buffer.concat([Buffer.from(item.prompt), bytes[0]!.subarray(0, shared - 1 - promptBytes)]);
        let kept = 0;
        if (previousShared !== undefined) {
          kept = 1; // BOS
          while (kept - 1 < Math.min(previousShared.length, sharedBytes.length) && previousShared[kept - 1] === sharedBytes[kept - 1]) kept += 1;
          kept = Math.min(kept, promptBytes);
        }
        previousShared = sharedBytes;
        if (itemIndex === 1) expect(kept).toBe(1 + 11);
        expect(scores.tokensEvaluated).toBe(shared + own - kept);
        expect(scores.naiveTokens).toBe(optionBytes.reduce((sum, bytes) => sum + 1 + promptBytes + bytes, 0));
        expect(evaluated).toBe(scores.tokensEvaluated);
      }
    } finally {
      await runtime.dispose();
    }
  });

  it.each([
    ['2 layers, 4 heads', () => plainModel],
    ['3 layers, grouped-query attention (6 heads, 2 kv heads)', () => groupedModel],
  ])('summed option log-probs from the provider agree to 1e-4 (%s)', async (_label, modelPath) => {
    const reference = await runNumpyLlama({ gguf: modelPath(), score: ITEMS });
    const provider = createLlamaCppProvider({ modelPath: modelPath(), threads: 1 });
    try {
      for (const [itemIndex, item] of ITEMS.entries()) {
        const result = await provider.scoreOptions(item);
        const expected = reference.score[itemIndex]?.options ?? [];
        expect(result.optionLogprobs).toHaveLength(item.options.length);
        result.optionLogprobs.forEach((value, index) => {
          expect(Math.abs(value - (expected[index]?.logprob ?? Number.NaN))).toBeLessThanOrEqual(1e-4);
        });
        expect(result.optionTokenCounts).toEqual(item.options.map((option) => Buffer.byteLength(option)));
      }
    } finally {
      await provider.close();
    }
  });

  it('greedy generation picks numpy’s argmax tokens, with top-k log-probs to 1e-4', async () => {
    const prompts = ['Hi', 'seq 1 2 3 ->'];
    const reference = await runNumpyLlama({ gguf: plainModel, generate: prompts.map((prompt) => ({ prompt, maxTokens: 6, topK: 3 })) });
    const provider = createLlamaCppProvider({ modelPath: plainModel, threads: 1 });
    try {
      for (const [index, prompt] of prompts.entries()) {
        const expected = reference.generate[index];
        const result = await provider.generate({ prompt, maxTokens: 6, temperature: 0, topLogprobs: 3 });
        const tokens = result.tokenLogprobs ?? [];
        expect(tokens).toHaveLength(expected?.tokens.length ?? -1);
        expect(Buffer.from(result.text, 'utf8').equals(Buffer.from(new TextDecoder().decode(Uint8Array.from(expected?.tokens ?? []))))).toBe(true);
        tokens.forEach((token, position) => {
          expect(Math.abs(token.logprob - (expected?.logprobs[position] ?? Number.NaN))).toBeLessThanOrEqual(1e-4);
          expect(token.top.map((alternative) => alternative.logprob)).toHaveLength(3);
          token.top.forEach((alternative, rank) => {
            expect(Math.abs(alternative.logprob - (expected?.top[position]?.[rank]?.[1] ?? Number.NaN))).toBeLessThanOrEqual(1e-4);
          });
        });
        expect(result.usage).toEqual({ inputTokens: 1 + Buffer.byteLength(prompt), outputTokens: tokens.length });
      }
    } finally {
      await provider.close();
    }
  });
});

describe('createLlamaCppProvider', () => {
  let provider: LlamaCppProvider;
  beforeAll(() => {
    provider = createLlamaCppProvider({ modelPath: plainModel, threads: 1, modelId: 'tiny-plain' });
  });
  afterAll(async () => {
    await provider.close();
  });

  it('serializes concurrent calls: results equal the same calls made one by one', async () => {
    const sequential: number[][] = [];
    for (const item of ITEMS) sequential.push((await provider.scoreOptions(item)).optionLogprobs);
    const soloGeneration = await provider.generate({ prompt: 'Hi', maxTokens: 4, temperature: 0 });
    const [generation, ...concurrent] = await Promise.all([
      provider.generate({ prompt: 'Hi', maxTokens: 4, temperature: 0 }),
      ...ITEMS.map((item) => provider.scoreOptions(item)),
    ]);
    expect(concurrent.map((result) => result.optionLogprobs)).toEqual(sequential);
    expect(generation.text).toBe(soloGeneration.text);
  });

  it('gives options clearly different log-probs (the tiny model is not uniform)', async () => {
    const { optionLogprobs } = await provider.scoreOptions({ prompt: 'The answer is', options: [' A', ' B', ' C', ' D'] });
    expect(Math.max(...optionLogprobs) - Math.min(...optionLogprobs)).toBeGreaterThan(0.5);
  });

  it('samples reproducibly with a seed when temperature > 0', async () => {
    const request = { prompt: 'Hi', maxTokens: 8, temperature: 1, seed: 7 };
    const [first, second] = [await provider.generate(request), await provider.generate(request)];
    expect(first.text).toBe(second.text);
    expect(first.tokenLogprobs).toBeUndefined();
  });

  it('reports bad requests as non-retryable ProviderCallErrors', async () => {
    await expect(provider.scoreOptions({ prompt: 'Q', options: ['a', ''] })).rejects.toMatchObject({ name: 'ProviderCallError', isRetryable: false, message: /option 1 adds no token/ });
    const tooLong = 'z'.repeat(300);
    await expect(provider.scoreOptions({ prompt: tooLong, options: ['a'] })).rejects.toThrow(/more than the context size 256/);
    // The provider still works after failures.
    expect((await provider.scoreOptions({ prompt: 'Q', options: ['a'] })).optionLogprobs).toHaveLength(1);
  });

  it('stops at an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    await expect(provider.scoreOptions({ prompt: 'Q', options: ['a'], signal: controller.signal })).rejects.toThrow(/stop now/);
  });

  it('names a missing model file, without loading anything until used', async () => {
    const missing = createLlamaCppProvider({ modelPath: join(dir, 'nope.gguf') });
    expect(missing.modelId).toBe('nope.gguf');
    const failure = await missing.probe().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderCallError);
    expect((failure as ProviderCallError).message).toContain('nope.gguf');
    await missing.close();
  });

  it('finishes the calls made before close, and refuses calls after it', async () => {
    const closing = createLlamaCppProvider({ modelPath: plainModel, threads: 1 });
    const pending = closing.scoreOptions({ prompt: 'Q', options: ['a', 'b'] });
    const closed = closing.close();
    expect((await pending).optionLogprobs).toHaveLength(2);
    await closed;
    await expect(closing.scoreOptions({ prompt: 'Q', options: ['a'] })).rejects.toThrow(/closed/);
  });
});
