import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import { createVllmEmulator, type VllmEmulator, type VllmEmulatorOptions } from '../test-support/wire/emulators/vllm.js';
import { startWireEmulator, type RunningWireEmulator } from '../test-support/wire/start-wire-emulator.js';
import { trueOptionScore } from '../test-support/wire/toy-tokenizer.js';
import { createOpenAiProvider } from './openai-provider.js';

/** Whitespace merged across the boundary, byte-split characters in the prompt and the options, a multi-byte option. */
const ITEMS = [
  { prompt: 'The capital of France is', options: [' Paris', ' Rome', ' Lyon', ' Nice'] },
  { prompt: 'Answer: ', options: ['Paris', 'Rome'] },
  { prompt: 'Ünïcode — «ok»\nanswer:', options: [' ja', ' nein', ' 是', ' ☃🙂'] },
  { prompt: '答案：', options: ['是', '否', ' no'] },
];

const VARIANTS: Array<{ label: string; options: VllmEmulatorOptions; byIds: boolean }> = [
  { label: 'base, <|begin_of_text|>, byte-level tokens', options: { startToken: '<|begin_of_text|>', chatTemplate: false }, byIds: true },
  { label: 'base, <s>, byte fallback', options: { startToken: '<s>', chatTemplate: false, byteFallback: true }, byIds: true },
  { label: 'base, no start token', options: { chatTemplate: false }, byIds: true },
  { label: 'base, <|begin_of_text|>, V1 corrected decoding', options: { startToken: '<|begin_of_text|>', chatTemplate: false, correctedDecoding: true }, byIds: true },
  { label: 'base, <s>, byte fallback, V1 corrected decoding', options: { startToken: '<s>', chatTemplate: false, byteFallback: true, correctedDecoding: true }, byIds: true },
  { label: 'base without prompt_logprobs, <|begin_of_text|>, byte-split', options: { startToken: '<|begin_of_text|>', chatTemplate: false, promptLogprobs: false }, byIds: false },
  { label: 'base without prompt_logprobs, <s>, byte fallback', options: { startToken: '<s>', chatTemplate: false, byteFallback: true, promptLogprobs: false }, byIds: false },
  { label: 'older vLLM: flat error bodies, no prompt_logprobs, <bos>', options: { startToken: '<bos>', chatTemplate: false, promptLogprobs: false, flatErrors: true }, byIds: false },
  { label: 'instruct, <|begin_of_text|>', options: { startToken: '<|begin_of_text|>', chatTemplate: true, model: 'meta-llama/Llama-3.2-1B-Instruct' }, byIds: true },
];

describe.each(VARIANTS)('OpenAI provider against a vLLM emulator over HTTP: $label', ({ options, byIds }) => {
  let emulator: VllmEmulator;
  let server: RunningWireEmulator;
  beforeAll(async () => {
    emulator = createVllmEmulator(options);
    server = await startWireEmulator(emulator);
  });
  afterAll(() => server.close());

  it.each([true, false])('every option log-prob equals the truth to 1e-9 (batchOptions %s)', async (batchOptions) => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: emulator.model, apiKey: 'fake-vllm-key', batchOptions });
    for (const item of ITEMS) {
      const result = await provider.scoreOptions!(item);
      item.options.forEach((option, index) => {
        const expected = trueOptionScore(emulator.tokenizer, item.prompt, option);
        expect(Math.abs((result.optionLogprobs[index] as number) - expected.logprob)).toBeLessThanOrEqual(1e-9);
        expect(result.optionTokenCounts?.[index]).toBe(expected.tokenCount);
      });
    }
    // With token ids, the prompt goes alone alongside the options (after the first answer showed ids).
    const prompts = server.requests.filter((request) => request.path === '/v1/completions').map((request) => (request.body as { prompt: unknown }).prompt);
    expect(prompts.some((prompt) => prompt === ITEMS[3]!.prompt || (Array.isArray(prompt) && prompt[0] === ITEMS[3]!.prompt))).toBe(byIds);
  });

  it(options.chatTemplate ? 'chats with top log-probabilities' : "chat is refused with vLLM's 400 (no chat template)", async () => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: emulator.model, apiKey: 'fake-vllm-key' });
    const request = { prompt: 'Answer with one letter.', maxTokens: 1, temperature: 0, topLogprobs: 4 };
    if (options.chatTemplate) {
      const result = await provider.generate(request);
      expect(result.tokenLogprobs?.[0]?.top.map((entry) => entry.token)).toEqual(['A', 'B', 'C', 'D']);
      return;
    }
    const error = await provider.generate(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect((error as ProviderCallError).status).toBe(400);
    expect((error as ProviderCallError).message).toMatch(/default chat template is no longer allowed/);
  });
});

describe('a vLLM-like server whose text_offset does not line up', () => {
  it('gives the named, non-retryable error, never a score', async () => {
    const emulator = createVllmEmulator({ startToken: '<s>', chatTemplate: false, promptLogprobs: false, breakOffsets: true });
    const server = await startWireEmulator(emulator);
    try {
      const provider = createOpenAiProvider({ baseURL: server.baseURL, model: emulator.model });
      const error = await provider.scoreOptions!(ITEMS[0]!).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProviderCallError);
      expect((error as ProviderCallError).isRetryable).toBe(false);
      expect((error as ProviderCallError).message).toMatch(/text_offset does not match the tokens/);
    } finally {
      await server.close();
    }
  });
});
