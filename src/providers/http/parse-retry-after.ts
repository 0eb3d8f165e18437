import type { HeaderReader } from './http-transport.js';

/** Largest wait a server may ask for that is taken at its word (one hour); longer values are clamped. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Reads how long a server asks the client to wait, in milliseconds: `retry-after-ms` (OpenAI's
 * extension, fractional milliseconds) wins over `retry-after` (seconds, possibly fractional, or an
 * HTTP date). Undefined when neither header is present or readable.
 */
export function parseRetryAfterMs(headers: HeaderReader, nowMs: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null) {
    const value = parseNonNegativeNumber(milliseconds);
    if (value !== undefined) return Math.min(value, MAX_RETRY_AFTER_MS);
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return undefined;
  const seconds = parseNonNegativeNumber(retryAfter);
  if (seconds !== undefined) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  if (!/[a-z]/i.test(retryAfter)) return undefined;
  const dateMs = Date.parse(retryAfter);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.min(Math.max(0, dateMs - nowMs), MAX_RETRY_AFTER_MS);
}

function parseNonNegativeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}
