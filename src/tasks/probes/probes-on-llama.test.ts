import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppProvider, type LlamaCppProvider } from '../../providers/llama-cpp/llama-cpp-provider.js';
import { writeTinyLlamaGguf } from '../../providers/llama-cpp/tiny-llama.js';
import { generateProbeSuite } from './generate-probe-suite.js';
import { PROBE_TYPES } from './probe-case.js';

let dir: string;
let model: LlamaCppProvider;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scalegap-probes-llama-'));
  const path = join(dir, 'tiny.gguf');
  // Byte tokens: the longest probe (compositional, difficulty 5) is about 450 bytes.
  await writeTinyLlamaGguf(path, { seed: 5, contextLength: 640 });
  model = createLlamaCppProvider({ modelPath: path, threads: 1 });
});
afterAll(async () => {
  await model.close();
  await rm(dir, { recursive: true, force: true });
});

describe('probe items on a real inference engine (node-llama-cpp, a GGUF written here)', () => {
  it.each(PROBE_TYPES)('%s: every choice of the easiest and hardest items is scored as a continuation of the question', async (type) => {
    for (const difficulty of [1, 5] as const) {
      for (const item of generateProbeSuite({ type, n: 4, seed: 11, difficulty, format: 'mc' })) {
        if (item.kind !== 'choice') throw new Error('expected multiple choice');
        const options = item.choices.map((choice) => ` ${choice}`);
        const scored = await model.scoreOptions({ prompt: `Question: ${item.question}\nAnswer:`, options });
        expect(scored.optionTokenCounts).toEqual(options.map((option) => Buffer.byteLength(option)));
        for (const logprob of scored.optionLogprobs) {
          expect(Number.isFinite(logprob)).toBe(true);
          expect(logprob).toBeLessThan(0);
        }
      }
    }
  });
});
