import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { describeProviderConformance } from '../conformance.js';
import { createHostedLlamaCppProvider } from './hosted-llama-cpp-provider.js';
import { createLlamaCppProvider } from './llama-cpp-provider.js';
import { writeTinyLlamaGguf } from './tiny-llama.js';

const dir = mkdtempSync(join(tmpdir(), 'scalegap-llama-conformance-'));
const modelPath = join(dir, 'tiny.gguf');
beforeAll(async () => {
  await writeTinyLlamaGguf(modelPath, { seed: 11 });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeProviderConformance('llama-cpp', () => createLlamaCppProvider({ modelPath, threads: 1 }), {
  capabilities: { optionScoring: true, tokenLogprobs: true, generation: true },
});

describeProviderConformance('llama-cpp in a host process', () => createHostedLlamaCppProvider({ modelPath, threads: 1 }, 2), {
  capabilities: { optionScoring: true, tokenLogprobs: true, generation: true },
});
