import { ProviderCallError } from '../providers/spec.js';

/** Retry policy: exponential backoff with full jitter, honouring retry-after. */
export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A failed attempt, classified. */
export interface AttemptFailure {
  reason: string;
  retryable: boolean;
  rateLimited: boolean;
  retryAfterMs: number | undefined;
  /** Nothing more sent to this endpoint can succeed now (quota or spend limit exhausted). */
  stopsLane?: boolean;
}

/** The result of a call after retries: the value, or the last failure. */
export type CallOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; failure: AttemptFailure; attempts: number };

/** Sleeps, waking early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

class TimeoutError extends Error {}
/** The user interrupted the run (Ctrl-C) while the request was in flight: retryable, left for --resume. */
class InterruptedError extends Error {}

/** Classifies an error thrown by a provider call. */
export function classifyFailure(error: unknown, timeoutMs: number): AttemptFailure {
  if (error instanceof TimeoutError || (error instanceof Error && error.name === 'TimeoutError')) {
    return { reason: `timed out after ${timeoutMs} ms`, retryable: true, rateLimited: false, retryAfterMs: undefined };
  }
  if (error instanceof InterruptedError) return { reason: 'interrupted', retryable: true, rateLimited: false, retryAfterMs: undefined };
  if (error instanceof ProviderCallError) {
    const status = error.status !== undefined ? `HTTP ${error.status}: ` : '';
    return {
      reason: `${status}${error.message}`, retryable: error.isRetryable, rateLimited: error.status === 429 && !error.stopsLane,
      retryAfterMs: error.retryAfterMs, ...(error.stopsLane ? { stopsLane: true } : {}),
    };
  }
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return { reason: message, retryable: false, rateLimited: false, retryAfterMs: undefined };
}

/** Backoff before retry number `attempt` (1-based): full jitter over base·2^(attempt−1), at least retry-after. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = policy.random() * ceiling;
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}

/**
 * Calls `attempt` with a per-attempt timeout (an abort signal, and a race in case the callee
 * ignores it), retrying retryable failures. `onRetry` hears each retry; `stop` ends retrying early;
 * `abort` (Ctrl-C) also cancels the attempt in flight at once, as a retryable `interrupted` failure.
 */
export async function callWithRetries<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
  hooks: { onFailure?: (failure: AttemptFailure, attempt: number, delayMs: number | null) => void; stop?: AbortSignal; abort?: AbortSignal } = {},
): Promise<CallOutcome<T>> {
  for (let number = 1; ; number++) {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort(new TimeoutError('timeout'));
          reject(new TimeoutError('timeout'));
        }, policy.timeoutMs);
        onAbort = () => {
          controller.abort(new InterruptedError('interrupted'));
          reject(new InterruptedError('interrupted'));
        };
        if (hooks.abort?.aborted) onAbort();
        else hooks.abort?.addEventListener('abort', onAbort, { once: true });
      });
      const value = await Promise.race([attempt(controller.signal), timeout]);
      return { ok: true, value, attempts: number };
    } catch (error) {
      const failure = classifyFailure(error, policy.timeoutMs);
      const canRetry = failure.retryable && number <= policy.retries && !hooks.stop?.aborted && !hooks.abort?.aborted;
      const delayMs = canRetry ? backoffMs(policy, number, failure.retryAfterMs) : null;
      hooks.onFailure?.(failure, number, delayMs);
      if (delayMs === null) return { ok: false, failure, attempts: number };
      await policy.sleep(delayMs, hooks.stop);
      if (hooks.stop?.aborted) return { ok: false, failure, attempts: number };
    } finally {
      clearTimeout(timer);
      if (onAbort) hooks.abort?.removeEventListener('abort', onAbort);
    }
  }
}
