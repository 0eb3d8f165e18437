import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { readItemResults } from '../store/read-item-results.js';
import { ResultsRepository } from '../store/results-repository.js';
import type { RunEvent } from './events.js';
import { loadConfig } from './load-config.js';
import { runHarness, type HarnessOptions } from './run-harness.js';
import { ScriptedProvider, type ScriptedFault } from './test-support/scripted-provider.js';
import { writeRunFixture } from './test-support/write-run-fixture.js';

function setup(fixture: ReturnType<typeof writeRunFixture>, providerOptions: ConstructorParameters<typeof ScriptedProvider>[1] = {}) {
  const config = loadConfig(fixture.config);
  const repository = new ResultsRepository(openStore(join(fixture.dir, 'scalegap.db')));
  const providers = new Map<string, ScriptedProvider>();
  const events: RunEvent[] = [];
  const delays: number[] = [];
  const base = (): HarnessOptions => ({
    config, repository, onEvent: (event) => events.push(event),
    createProvider: (model) => {
      const provider = providers.get(model.id) ?? new ScriptedProvider(model.id, providerOptions);
      providers.set(model.id, provider);
      return provider;
    },
    retryPolicy: { baseDelayMs: 5, sleep: async (ms) => { delays.push(ms); await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))); } },
  });
  const calls = (): number => [...providers.values()].reduce((sum, provider) => sum + provider.calls, 0);
  return { config, repository, providers, events, delays, base, calls };
}

describe('runHarness', () => {
  it('scores every model × item once and stores one row each', async () => {
    const { repository, base, calls, events } = setup(writeRunFixture({ items: 12 }));
    const summary = await runHarness(base());
    expect(summary).toMatchObject({ status: 'completed', scored: 24, errors: 0, remaining: 0, requestsSent: 24 });
    expect(calls()).toBe(24);
    const rows = repository.readResults(summary.runId);
    expect(rows).toHaveLength(24);
    expect(new Set(rows.map((row) => `${row.modelId}/${row.itemId}`)).size).toBe(24);
    expect(rows.every((row) => row.method === 'option-logprobs' && row.optionLogprobs?.length === 4)).toBe(true);
    expect(events.filter((event) => event.type === 'probe').map((event) => event.type === 'probe' && event.method)).toEqual(['option-logprobs', 'option-logprobs']);
    const stored = readItemResults(repository, summary.runId);
    expect(stored.items).toHaveLength(24);
    expect(stored.chanceByTask.get('task')).toBe(0.25);
  });

  it('answers a second run from the response cache without sending anything', async () => {
    const { base, calls } = setup(writeRunFixture({ items: 6 }));
    await runHarness(base());
    const second = await runHarness(base());
    expect(calls()).toBe(12);
    expect(second).toMatchObject({ status: 'completed', cached: 12, requestsSent: 0 });
  });

  it('stops cleanly on a signal and --resume finishes without re-sending completed requests', async () => {
    const { repository, base, calls, providers } = setup(writeRunFixture({ items: 30 }), { latencyMs: 3 });
    const interrupt = new AbortController();
    let seen = 0;
    const first = await runHarness({
      ...base(), concurrency: 2, signal: interrupt.signal,
      onEvent: (event) => { if (event.type === 'result' && ++seen === 10) interrupt.abort(); },
    });
    expect(first.status).toBe('stopped');
    const storedBefore = repository.readResults(first.runId);
    expect(storedBefore.length).toBeGreaterThanOrEqual(10);
    expect(storedBefore.length).toBeLessThan(60);
    const promptsBefore = new Set([...providers.values()].flatMap((provider) => provider.prompts.map((prompt) => `${provider.modelId}|${prompt}`)));
    const sentBefore = calls();
    const countsBefore = new Map([...providers].map(([id, provider]) => [id, provider.prompts.length]));
    const second = await runHarness({ ...base(), resume: true });
    expect(second).toMatchObject({ runId: first.runId, status: 'completed', remaining: 0 });
    // the signal cancels the requests in flight (at most 2, the concurrency): only those are sent again
    const cancelled = sentBefore - storedBefore.length;
    expect(cancelled).toBeGreaterThanOrEqual(0);
    expect(cancelled).toBeLessThanOrEqual(2);
    expect(sentBefore + second.requestsSent).toBe(60 + cancelled);
    const rows = repository.readResults(first.runId);
    expect(rows).toHaveLength(60);
    const resent = [...providers.values()].flatMap((provider) =>
      provider.prompts.slice(countsBefore.get(provider.modelId)).filter((prompt) => promptsBefore.has(`${provider.modelId}|${prompt}`)));
    expect(resent).toHaveLength(cancelled);
    expect(promptsBefore.size).toBe(sentBefore);
  });

  it('retries a 429, waits at least its retry-after and halves the lane concurrency', async () => {
    const fault = (call: number): ScriptedFault | undefined => (call <= 3 ? { kind: 'rate-limit', retryAfterMs: 40 } : undefined);
    const { base, events, delays } = setup(writeRunFixture({ items: 8 }), { fault });
    const summary = await runHarness({ ...base(), concurrency: 4 });
    expect(summary).toMatchObject({ scored: 16, errors: 0 });
    expect(delays.length).toBeGreaterThanOrEqual(3);
    expect(delays.slice(0, 3).every((delay) => delay >= 40)).toBe(true);
    const limits = events.flatMap((event) => (event.type === 'concurrency' ? [event.limit] : []));
    expect(limits[0]).toBe(2);
  });

  it('records a hung request as a timeout error, never caches it, and --retry-errors scores it', async () => {
    let hang = true;
    const { repository, base } = setup(writeRunFixture({ items: 3, extra: 'timeoutMs: 50\nretries: 1\n' }), {
      fault: (_call, prompt) => (hang && prompt.includes('item 1?') ? { kind: 'hang' } : undefined),
    });
    const first = await runHarness(base());
    expect(first).toMatchObject({ scored: 4, errors: 2 });
    const errors = repository.readResults(first.runId).filter((row) => row.status === 'error');
    expect(errors.map((row) => row.errorReason)).toEqual(['timed out after 50 ms', 'timed out after 50 ms']);
    expect(errors.every((row) => row.attempts === 2)).toBe(true);
    hang = false;
    const again = await runHarness({ ...base(), retryErrors: true });
    expect(again).toMatchObject({ runId: first.runId, scored: 2, errors: 0, cached: 0, requestsSent: 2 });
    expect(repository.readResults(first.runId).filter((row) => row.status === 'ok')).toHaveLength(6);
  });

  it('records a non-retryable failure with its reason after one attempt', async () => {
    const { repository, base, calls } = setup(writeRunFixture({ items: 2 }), { fault: () => ({ kind: 'fatal' }) });
    const summary = await runHarness(base());
    expect(summary).toMatchObject({ scored: 0, errors: 4 });
    expect(calls()).toBe(4);
    expect(repository.readResults(summary.runId).every((row) => row.errorReason === 'HTTP 400: bad request')).toBe(true);
  });

  it('stops the lane of a model whose quota is exhausted at the first refusal, lets the other lanes finish, and resumes', async () => {
    const fixture = writeRunFixture({
      items: 10,
      models: [
        '  - { id: broke, provider: openai, model: m, params: 1b, baseUrl: "http://127.0.0.1:9/v1", concurrency: 1 }',
        '  - { id: fine, provider: openai, model: m, params: 7b, baseUrl: "http://127.0.0.1:10/v1" }',
      ].join('\n'),
    });
    let broke = true;
    const { repository, base: shared, events, delays } = setup(fixture);
    const providers = new Map<string, ScriptedProvider>();
    const base = (): HarnessOptions => ({
      ...shared(),
      createProvider: (model) => {
        const fault = (call: number): ScriptedFault | undefined => (broke && model.id === 'broke' && call === 4 ? { kind: 'quota' } : undefined);
        const provider = providers.get(model.id) ?? new ScriptedProvider(model.id, { fault });
        providers.set(model.id, provider);
        return provider;
      },
    });
    const first = await runHarness(base());
    // the scripted provider counts calls per model: 'broke' answered 3, was refused on its 4th, and was sent nothing more
    expect(providers.get('broke')!.calls).toBe(4);
    expect(providers.get('fine')!.calls).toBe(10);
    expect(first).toMatchObject({ status: 'stopped', scored: 13, errors: 1, remaining: 6, stopReason: 'model broke stopped: HTTP 429: quota exhausted' });
    expect(delays).toEqual([]);
    expect(events.filter((event) => event.type === 'lane-stopped')).toEqual([{ type: 'lane-stopped', lane: 'model broke', modelId: 'broke', reason: 'HTTP 429: quota exhausted', left: 6 }]);
    broke = false;
    const second = await runHarness({ ...base(), retryErrors: true });
    expect(second).toMatchObject({ status: 'completed', remaining: 0 });
    expect(repository.readResults(first.runId).filter((row) => row.status === 'ok')).toHaveLength(20);
  });

  it('keeps concurrency within the limit and stops at the cost limit, resumably', async () => {
    const fixture = writeRunFixture({
      items: 40,
      models: '  - { id: priced, provider: openai, model: m, params: 1b, baseUrl: "http://127.0.0.1:9/v1", price: { inputPerMTok: 1000, outputPerMTok: 0 } }',
    });
    const { repository, base, providers } = setup(fixture, { latencyMs: 2 });
    const first = await runHarness({ ...base(), concurrency: 3, costLimitUsd: 0.2 });
    expect(providers.get('priced')!.maxActive).toBeLessThanOrEqual(3);
    expect(first.status).toBe('stopped');
    expect(first.spentUsd).toBeGreaterThanOrEqual(0.2);
    expect(first.remaining).toBeGreaterThan(0);
    const second = await runHarness({ ...base(), resume: true });
    expect(second.status).toBe('completed');
    expect(repository.readResults(first.runId)).toHaveLength(40);
  });

  it('uses verbalized confidence where the endpoint only generates, and consistency with K samples when asked', async () => {
    const generateOnly = { optionScoring: false, tokenLogprobs: false, generation: true };
    const verbal = setup(writeRunFixture({ items: 4 }), { capabilities: generateOnly, generateText: () => 'Answer: B\nConfidence: 70' });
    const verbalRun = await runHarness(verbal.base());
    const verbalItems = readItemResults(verbal.repository, verbalRun.runId).items;
    expect(verbalItems).toHaveLength(8);
    expect(verbalItems.every((item) => item.method === 'verbalized' && item.confidence === 0.7 && item.chosen === 1)).toBe(true);
    expect(verbalItems.filter((item) => item.correct).map((item) => item.item)).toEqual(['q1', 'q1']);

    // three samples per item: seeds 0 and 1 answer A, seed 2 answers B → majority A, confidence 2/3
    const consistency = setup(writeRunFixture({ items: 4, extra: 'confidence: consistency\nsamples: 3\n' }), {
      generateText: (_prompt, request) => (request.seed === 2 ? 'Answer: B' : 'Answer: A'),
    });
    const run = await runHarness(consistency.base());
    expect(run).toMatchObject({ scored: 24, errors: 0 });
    expect(consistency.calls()).toBe(24);
    const items = readItemResults(consistency.repository, run.runId).items;
    expect(items).toHaveLength(8);
    for (const item of items) {
      expect(item.method).toBe('consistency');
      expect(item.chosen).toBe(0);
      expect(item.confidence).toBeCloseTo(2 / 3, 12);
      expect(item.correct).toBe(item.item === 'q0');
    }
  });

  it('records every item of a model whose forced method is not available, with the reason', async () => {
    const { repository, base, events } = setup(writeRunFixture({ items: 3, extra: 'confidence: logprobs\n' }), {
      capabilities: { optionScoring: false, tokenLogprobs: false, generation: true },
    });
    const summary = await runHarness(base());
    expect(summary).toMatchObject({ scored: 0, errors: 6, requestsSent: 0 });
    expect(events.some((event) => event.type === 'probe-failed')).toBe(true);
    expect(new Set(repository.readResults(summary.runId).map((row) => row.errorReason))).toEqual(
      new Set(['confidence: logprobs is not possible: the endpoint gives no log-probabilities (use confidence: verbalized or auto)']),
    );
  });
});
