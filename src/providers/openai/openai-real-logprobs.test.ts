import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlamaCppProvider } from '../llama-cpp/llama-cpp-provider.js';
import { runNumpyLlama, type NumpyLlamaAnswer } from '../llama-cpp/test-support/numpy-llama.js';
import { writeTinyLlamaGguf } from '../llama-cpp/tiny-llama.js';
import { createLlamaBackend } from '../test-server/llama-backend.js';
import { startTestServer, type TestServer } from '../test-server/start-test-server.js';
import type { TestServerBackend } from '../test-server/test-server-backend.js';
import { createOpenAiProvider } from './openai-provider.js';

const ITEMS = [
  { prompt: 'seq 3 6 9 12 ->', options: [' 15', ' 14', ' 18', ' 21'] },
  { prompt: 'The capital of Zorbia is', options: [' Quell', ' Marn', ' Tibbet', ' Oss'] },
  { prompt: 'Ünïcode — «ok»\nanswer:', options: [' ja', ' nein', ' 是', ' ☃'] },
];
const LETTER_PROMPT = 'Q: which? A, B, C or D.\nAnswer:';

describe('OpenAI provider over HTTP on a real tiny GGUF model', () => {
  let dir: string;
  let server: TestServer;
  let backend: TestServerBackend;
  let reference: NumpyLlamaAnswer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scalegap-openai-real-'));
    const modelPath = join(dir, 'tiny.gguf');
    await writeTinyLlamaGguf(modelPath, { seed: 4 });
    backend = createLlamaBackend({ provider: createLlamaCppProvider({ modelPath, threads: 1 }) });
    server = await startTestServer({ backend });
    reference = await runNumpyLlama({ gguf: modelPath, score: ITEMS, generate: [{ prompt: LETTER_PROMPT, maxTokens: 1, topK: 5 }] });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('option log-probs equal the backend to 1e-9 and an independent numpy forward pass to 1e-4', async () => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    for (const [index, item] of ITEMS.entries()) {
      const result = await provider.scoreOptions!(item);
      for (const [optionIndex, option] of item.options.entries()) {
        const scored = await backend.scoreText(item.prompt + option);
        const fromBackend = scored.slice(Array.from(item.prompt).length).reduce((sum, token) => sum + (token.logprob as number), 0);
        const value = result.optionLogprobs[optionIndex] as number;
        expect(Math.abs(value - fromBackend)).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(value - (reference.score[index]?.options[optionIndex]?.logprob as number))).toBeLessThanOrEqual(1e-4);
      }
      // One token per character on the wire (a character's bytes summed), so counts are code points.
      expect(result.optionTokenCounts).toEqual(item.options.map((option) => Array.from(option).length));
    }
  });

  it('the answer-letter distribution over chat equals numpy top-5 to 1e-4', async () => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny' });
    const result = await provider.generate({ prompt: LETTER_PROMPT, maxTokens: 1, temperature: 0, topLogprobs: 5 });
    const expected = reference.generate[0]?.top[0] ?? [];
    const top = result.tokenLogprobs?.[0]?.top ?? [];
    expect(top).toHaveLength(5);
    top.forEach((entry, index) => {
      const [tokenId, logprob] = expected[index] as [number, number];
      // ASCII bytes are themselves; other bytes (partial UTF-8) and <|endoftext|> have no faithful text of their own.
      if (tokenId < 128) expect(entry.token).toBe(String.fromCharCode(tokenId));
      expect(Math.abs(entry.logprob - logprob)).toBeLessThanOrEqual(1e-4);
    });
  });
});
