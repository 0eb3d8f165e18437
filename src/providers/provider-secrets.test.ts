import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic/anthropic-provider.js';
import { createOpenAiProvider } from './openai/openai-provider.js';
import type { ModelProvider } from './spec.js';
import { FAULT_KINDS } from './test-server/fault-plan.js';
import { startTestServer, type TestServer } from './test-server/start-test-server.js';

const KEY = 'fake-live-SECRET-never-leak-9f8e7d';

/** Every string reachable from `value` (own properties, enumerable or not, causes, stacks), plus its full inspection. */
function everythingIn(value: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [inspect(value, { depth: 20, showHidden: true, getters: true })];
  const visit = (current: unknown): void => {
    if (current === null || current === undefined) return;
    if (typeof current !== 'object' && typeof current !== 'function') {
      parts.push(String(current));
      return;
    }
    if (seen.has(current)) return;
    seen.add(current);
    if (typeof current === 'function') parts.push(current.toString());
    for (const key of Reflect.ownKeys(current)) {
      parts.push(String(key));
      const descriptor = Object.getOwnPropertyDescriptor(current, key);
      visit(descriptor && 'value' in descriptor ? descriptor.value : undefined);
    }
  };
  visit(value);
  return parts.join('\n');
}

describe('API keys never leak into provider objects or errors', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ apiKey: KEY });
  });
  afterAll(async () => server.close());

  // A short timeout only where a hang is injected, so that a loaded machine does not time out real answers.
  const providers = (apiKey: string, timeoutMs = 10_000): ModelProvider[] => [
    createOpenAiProvider({ baseURL: server.baseURL, model: 'tiny', apiKey, timeoutMs }),
    createAnthropicProvider({ baseURL: server.baseURL, model: 'tiny', apiKey, timeoutMs }),
  ];

  it('is not in the provider objects', async () => {
    for (const provider of providers(KEY)) {
      await provider.probe();
      expect(JSON.stringify(provider)).not.toContain(KEY);
      expect(everythingIn(provider)).not.toContain(KEY);
    }
  });

  it('is not in any error thrown for any fault, or for a rejected key', async () => {
    const thrown: unknown[] = [];
    for (const fault of FAULT_KINDS) {
      for (const provider of providers(KEY, fault === 'hang' ? 300 : 10_000)) {
        server.setFaults({ next: [fault] });
        const call = provider.scoreOptions
          ? provider.scoreOptions({ prompt: 'Q:', options: [' a', ' b'] })
          : (provider.generate as NonNullable<ModelProvider['generate']>)({ prompt: 'Q:', maxTokens: 2, temperature: 0 });
        thrown.push(await call.catch((error: unknown) => error));
      }
    }
    // A key that is wrong by one character: the server refuses it; the message must not carry it either.
    for (const provider of providers(`${KEY}x`)) {
      thrown.push(await provider.probe().catch((error: unknown) => error));
    }
    // Every fault fails both providers except missing-logprobs on Anthropic (its answers carry none); both wrong-key probes fail.
    expect(thrown.filter((error) => error instanceof Error)).toHaveLength(FAULT_KINDS.length * 2 - 1 + 2);
    for (const error of thrown) expect(everythingIn(error)).not.toContain(KEY);
  });
});
