import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateResult, ModelProvider, ProviderCapabilities, Usage } from './spec.js';

/**
 * The conformance suite every `ModelProvider` must pass (vitest). Call it from a provider's test file with a
 * factory for a working provider and the capabilities that provider declares:
 *
 *   describeProviderConformance('llama-cpp', () => createLlamaCppProvider({ modelPath }), {
 *     capabilities: { optionScoring: true, tokenLogprobs: true, generation: true },
 *   });
 *
 * Undeclared capabilities are checked too: their methods must be absent. Tests for the declared ones are always
 * created (nothing is skipped at run time). The provider is closed after the suite.
 */
export interface ConformanceOptions {
  /** What `probe()` must answer. */
  capabilities: ProviderCapabilities;
  /** Multiple-choice prompt to score; default a short arithmetic question. */
  prompt?: string;
  /** Its options (at least 2); default 4 options. */
  options?: string[];
}

function expectUsage(usage: Usage, atLeastOneInputToken: boolean): void {
  expect(Object.keys(usage).sort()).toEqual(['inputTokens', 'outputTokens']);
  for (const count of [usage.inputTokens, usage.outputTokens]) {
    // Numbers the backend reported, or undefined: never NaN, negative or fractional.
    if (count !== undefined) expect(Number.isInteger(count) && count >= 0).toBe(true);
  }
  // A non-empty prompt is never zero input tokens: a 0 here would be made up.
  if (atLeastOneInputToken && usage.inputTokens !== undefined) expect(usage.inputTokens).toBeGreaterThan(0);
}

function expectGeneration(result: GenerateResult, maxTokens: number): void {
  expect(typeof result.text).toBe('string');
  expectUsage(result.usage, true);
  const output = result.usage.outputTokens;
  if (output !== undefined) {
    expect(output).toBeLessThanOrEqual(maxTokens);
    if (result.text.length > 0) expect(output).toBeGreaterThan(0);
  }
}

export function describeProviderConformance(name: string, makeProvider: () => ModelProvider | Promise<ModelProvider>, options: ConformanceOptions): void {
  const prompt = options.prompt ?? 'Question: what is 2 + 2?\nAnswer:';
  const choices = options.options ?? [' 4', ' 5', ' 22', ' four'];
  const declared = options.capabilities;

  describe(`${name} conforms to ModelProvider v1`, () => {
    let provider: ModelProvider;
    beforeAll(async () => {
      provider = await makeProvider();
    });
    afterAll(async () => {
      await provider?.close?.();
    });

    it('names itself: specification v1, provider and model id', () => {
      expect(provider.specificationVersion).toBe('v1');
      expect(provider.provider).toMatch(/\S/);
      expect(provider.modelId).toMatch(/\S/);
    });

    it('probe() returns the declared capabilities, and a method exists exactly for each', async () => {
      const capabilities = await provider.probe();
      expect(capabilities).toEqual(declared);
      expect(typeof provider.scoreOptions === 'function').toBe(declared.optionScoring);
      expect(typeof provider.generate === 'function').toBe(declared.generation || declared.tokenLogprobs);
    });

    if (declared.optionScoring) {
      it('scoreOptions() returns one finite log-prob ≤ 0 per option, with honest counts', async () => {
        const result = await provider.scoreOptions!({ prompt, options: choices });
        expect(result.optionLogprobs).toHaveLength(choices.length);
        for (const logprob of result.optionLogprobs) {
          expect(Number.isFinite(logprob)).toBe(true);
          expect(logprob).toBeLessThanOrEqual(0);
        }
        if (result.optionTokenCounts !== undefined) {
          expect(result.optionTokenCounts).toHaveLength(choices.length);
          for (const count of result.optionTokenCounts) expect(Number.isInteger(count) && count > 0).toBe(true);
        }
        if (result.tokensEvaluated !== undefined) expect(Number.isInteger(result.tokensEvaluated) && result.tokensEvaluated > 0).toBe(true);
        expectUsage(result.usage, true);
      });

      it('scoreOptions() is deterministic and does not depend on the order of the options', async () => {
        const first = await provider.scoreOptions!({ prompt, options: choices });
        const again = await provider.scoreOptions!({ prompt, options: choices });
        const reversed = await provider.scoreOptions!({ prompt, options: [...choices].reverse() });
        again.optionLogprobs.forEach((value, index) => expect(Math.abs(value - (first.optionLogprobs[index] ?? Number.NaN))).toBeLessThanOrEqual(1e-9));
        [...reversed.optionLogprobs].reverse().forEach((value, index) => expect(Math.abs(value - (first.optionLogprobs[index] ?? Number.NaN))).toBeLessThanOrEqual(1e-6));
      });

      it('scoreOptions() gives the same answers to concurrent calls as to sequential ones', async () => {
        const prompts = [prompt, `${prompt} `, `Note.\n${prompt}`];
        const sequential: number[][] = [];
        for (const each of prompts) sequential.push((await provider.scoreOptions!({ prompt: each, options: choices })).optionLogprobs);
        const concurrent = await Promise.all(prompts.map((each) => provider.scoreOptions!({ prompt: each, options: choices })));
        concurrent.forEach((result, row) =>
          result.optionLogprobs.forEach((value, index) => expect(Math.abs(value - (sequential[row]?.[index] ?? Number.NaN))).toBeLessThanOrEqual(1e-9)),
        );
      });
    }

    if (declared.generation) {
      it('generate() returns text within maxTokens, with usage numbers or undefined', async () => {
        const result = await provider.generate!({ prompt: 'Say hello.', maxTokens: 8, temperature: 0 });
        expectGeneration(result, 8);
      });
    }

    if (declared.tokenLogprobs) {
      it('generate() with topLogprobs returns each token’s log-prob and up to k alternatives, best first', async () => {
        const result = await provider.generate!({ prompt: 'Say hello.', maxTokens: 4, temperature: 0, topLogprobs: 3 });
        expectGeneration(result, 4);
        const tokens = result.tokenLogprobs ?? [];
        expect(Array.isArray(result.tokenLogprobs)).toBe(true);
        if (result.usage.outputTokens !== undefined) expect(tokens.length).toBeLessThanOrEqual(result.usage.outputTokens);
        for (const token of tokens) {
          expect(typeof token.token).toBe('string');
          expect(Number.isFinite(token.logprob) && token.logprob <= 0).toBe(true);
          expect(token.top.length).toBeGreaterThan(0);
          expect(token.top.length).toBeLessThanOrEqual(3);
          const values = token.top.map((alternative) => alternative.logprob);
          expect(values).toEqual([...values].sort((a, b) => b - a));
          // At temperature 0 the generated token is the most likely one.
          expect(token.logprob).toBeCloseTo(values[0] ?? Number.NaN, 6);
        }
      });
    }

    it('close() resolves, and again when called twice', async () => {
      const extra = await makeProvider();
      await extra.probe();
      await expect(extra.close?.()).resolves.toBeUndefined();
      await expect(extra.close?.()).resolves.toBeUndefined();
    });
  });
}
