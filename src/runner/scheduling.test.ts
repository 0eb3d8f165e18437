import { describe, expect, it } from 'vitest';
import { ProviderCallError } from '../providers/spec.js';
import { backoffMs, callWithRetries, classifyFailure, type RetryPolicy } from './call-with-retries.js';
import { ProviderLane } from './provider-lane.js';

const policy = (random: number, overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  retries: 3, baseDelayMs: 100, maxDelayMs: 1000, timeoutMs: 1000, random: () => random, sleep: async () => {}, ...overrides,
});

describe('backoffMs', () => {
  it('is full jitter over base·2^(attempt−1), capped, and never below retry-after', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(policy(1), attempt, undefined))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(policy(0.25), 3, undefined)).toBe(100);
    expect(backoffMs(policy(0.25), 3, 2500)).toBe(2500);
    expect(backoffMs(policy(1), 3, 50)).toBe(400);
  });
});

describe('callWithRetries', () => {
  it('retries retryable failures up to the limit and reports each failure with its delay', async () => {
    const seen: Array<[string, number, number | null]> = [];
    let calls = 0;
    const outcome = await callWithRetries(async () => {
      calls++;
      throw new ProviderCallError('busy', { status: 503, isRetryable: true });
    }, policy(1), { onFailure: (failure, attempt, delayMs) => seen.push([failure.reason, attempt, delayMs]) });
    expect(calls).toBe(4);
    expect(outcome).toMatchObject({ ok: false, attempts: 4, failure: { reason: 'HTTP 503: busy', retryable: true } });
    expect(seen).toEqual([['HTTP 503: busy', 1, 100], ['HTTP 503: busy', 2, 200], ['HTTP 503: busy', 3, 400], ['HTTP 503: busy', 4, null]]);
  });

  it('times out an attempt that never answers, even when the callee ignores the signal', async () => {
    const outcome = await callWithRetries(() => new Promise<never>(() => {}), policy(0, { retries: 0, timeoutMs: 30 }));
    expect(outcome).toMatchObject({ ok: false, attempts: 1, failure: { reason: 'timed out after 30 ms', retryable: true } });
  });

  it('classifies 429 as rate limited and plain errors as not retryable', () => {
    expect(classifyFailure(new ProviderCallError('slow down', { status: 429, isRetryable: true, retryAfterMs: 700 }), 1)).toEqual({
      reason: 'HTTP 429: slow down', retryable: true, rateLimited: true, retryAfterMs: 700,
    });
    expect(classifyFailure(new TypeError('x is not a function'), 1)).toMatchObject({ reason: 'TypeError: x is not a function', retryable: false });
  });
});

describe('ProviderLane', () => {
  it('never runs more than its limit, halves on a rate limit and grows back one step per run of successes', async () => {
    const changes: Array<[number, string]> = [];
    const lane = new ProviderLane('l', 8, (limit, reason) => changes.push([limit, reason]));
    let active = 0;
    let maxActive = 0;
    const releases: Array<() => void> = [];
    for (let index = 0; index < 20; index++) {
      lane.push(async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((resolve) => releases.push(resolve));
        active--;
      });
    }
    expect(active).toBe(8);
    lane.rateLimited();
    lane.rateLimited();
    expect(lane.limit).toBe(2);
    for (let step = 0; step < 2; step++) lane.succeeded();
    expect(lane.limit).toBe(3);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await lane.idle();
    expect(maxActive).toBe(8);
    expect(changes).toEqual([[4, 'rate limited (429)'], [2, 'rate limited (429)'], [3, 'recovering']]);
  });

  it('stop() drops queued jobs and idle() resolves once the running ones finish', async () => {
    const lane = new ProviderLane('l', 1);
    const ran: number[] = [];
    for (let index = 0; index < 5; index++) lane.push(async () => { ran.push(index); await new Promise((resolve) => setTimeout(resolve, 5)); });
    expect(lane.stop()).toBe(4);
    await lane.idle();
    expect(ran).toEqual([0]);
  });

  it('starts jobs in the order they were queued, also when jobs are queued again after the queue ran dry', async () => {
    const lane = new ProviderLane('l', 3);
    const started: number[] = [];
    const job = (index: number) => async (): Promise<void> => {
      started.push(index);
      await new Promise((resolve) => setTimeout(resolve, 1 + (index % 3)));
    };
    for (let index = 0; index < 10; index++) lane.push(job(index));
    await lane.idle();
    for (let index = 10; index < 14; index++) lane.push(job(index));
    lane.push(job(14));
    await lane.idle();
    expect(started).toEqual(Array.from({ length: 15 }, (_, index) => index));
  });
});
