import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './parse-retry-after.js';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads whole and fractional seconds', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '0.25' }), now)).toBe(250);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 12:00:07 GMT' }), now)).toBe(7000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 11:59:00 GMT' }), now)).toBe(0);
  });
  it('prefers retry-after-ms, and falls back to retry-after when it is unreadable', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '1500.5', 'retry-after': '9' }), now)).toBe(1500.5);
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': 'soon', 'retry-after': '2' }), now)).toBe(2000);
  });
  it('gives undefined for absent or unreadable headers, and clamps absurd waits to an hour', () => {
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'later' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '-5' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '999999' }), now)).toBe(3_600_000);
  });
});
