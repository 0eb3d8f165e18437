import { describe, expect, it } from 'vitest';
import { mapStrings } from './map-strings.js';

describe('mapStrings', () => {
  const upper = (text: string): string => (text.includes('x') ? text.toUpperCase() : text);

  it('maps every string at any depth and leaves the input as it was', () => {
    const input = { a: 'x1', b: [1, 'y', { c: 'xx', d: null }], e: { f: 'plain', g: Number.NaN } };
    const before = structuredClone(input);
    const out = mapStrings(input, upper);
    expect(out).toEqual({ a: 'X1', b: [1, 'y', { c: 'XX', d: null }], e: { f: 'plain', g: Number.NaN } });
    expect(input).toEqual(before);
  });

  it('copies only the objects and arrays on the way to a changed string', () => {
    const untouched = { f: 'plain', g: Number.NaN, h: [1, 2, 'z'] };
    const input = { a: 'x1', e: untouched };
    const out = mapStrings(input, upper);
    expect(out).not.toBe(input);
    expect(out.e).toBe(untouched);
    expect(mapStrings(untouched, upper)).toBe(untouched);
  });
});
