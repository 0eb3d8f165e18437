import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderCallError, type ScoreOptionsResult } from '../spec.js';
import { FAULT_KINDS } from '../test-server/fault-plan.js';
import { startTestServer, type TestServer } from '../test-server/start-test-server.js';
import { createOpenAiProvider } from './openai-provider.js';

const ITEMS = Array.from({ length: 150 }, (_, index) => ({
  prompt: `Question ${index}: what is ${index} + ${index % 7}?\nAnswer:`,
  options: [` ${index + (index % 7)}`, ` ${index + (index % 7) + 1}`, ` ${index * 2}`, ' none'],
}));

describe('OpenAI provider under 20% injected faults of every kind', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ retryAfterSeconds: 0.01, seed: 3 });
  });
  afterAll(async () => server.close());

  it('every item ends with the same scores as without faults: retryable faults are retried, none gives a wrong score', async () => {
    const provider = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny', timeoutMs: 5_000 });
    await provider.probe();
    const clean: ScoreOptionsResult[] = [];
    for (const item of ITEMS) clean.push(await provider.scoreOptions!(item));

    server.setFaults({ rate: 0.2, seed: 17 });
    // Hangs are cut short by a provider with a short timeout; everything else by the same retry loop a runner would use.
    const stormy = createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny', timeoutMs: 1_500 });
    const attempts: number[] = [];
    const withRetries = async <T>(call: () => Promise<T>, index: number): Promise<T> => {
      for (let attempt = 1; attempt <= 8; attempt++) {
        try {
          const result = await call();
          attempts[index] = attempt;
          return result;
        } catch (error) {
          expect(error).toBeInstanceOf(ProviderCallError);
          if (!(error as ProviderCallError).isRetryable) throw error;
          await new Promise((resolve) => setTimeout(resolve, (error as ProviderCallError).retryAfterMs ?? 5));
        }
      }
      throw new Error(`call ${index} failed 8 times`);
    };
    expect(await withRetries(() => stormy.probe(), -1)).toEqual({ optionScoring: true, tokenLogprobs: true, generation: true });
    // Eight workers, as a runner's lane would run them (all at once would time out real answers on a loaded machine).
    const results: ScoreOptionsResult[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < ITEMS.length) {
          const index = next++;
          results[index] = await withRetries(() => stormy.scoreOptions!(ITEMS[index] as (typeof ITEMS)[number]), index);
        }
      }),
    );
    results.forEach((result, index) => expect(result.optionLogprobs).toEqual(clean[index]?.optionLogprobs));
    const faults = Object.values(server.stats.faults).reduce((sum, count) => sum + count, 0);
    expect(faults).toBeGreaterThan(5);
    for (const kind of FAULT_KINDS) {
      expect(server.stats.faults[kind], kind).toBeGreaterThan(0);
    }
    expect(attempts.some((count) => count > 1)).toBe(true);
  });
});
