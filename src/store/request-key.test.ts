import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestKey } from './request-key.js';

// The two-pass definition the one-pass code must equal (cache keys of existing stores depend on it).
const SECRET_KEY = /^(api[-_]?key|authorization|x-api-key|token|secret|password)$/i;
function referenceCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((entry) => referenceCanonical(entry ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, entry]) => entry !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${referenceCanonical(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
function referenceWithoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(referenceWithoutSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([key]) => !SECRET_KEY.test(key)).map(([key, entry]) => [key, referenceWithoutSecrets(entry)]));
  }
  if (typeof value === 'string' && /^https?:\/\//.test(value)) {
    try {
      const url = new URL(value);
      url.username = '';
      url.password = '';
      return url.toString();
    } catch {
      return value;
    }
  }
  return value;
}

const keyName = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('apiKey', 'API_KEY', 'authorization', 'token', 'password', 'model', '10', '2', 'b', 'B', 'é'));
const leaf = fc.oneof(
  fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.constantFrom('https://user:pass@example.test/v1', 'http://127.0.0.1:8000/v1', 'https://[bad', 'https://example.test/a b'),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(keyName, tie('node'), { maxKeys: 5 })),
})).node;

describe('request keys', () => {
  it('equal the two-pass definition: sorted keys, undefined members left out, secrets and URL credentials removed', () => {
    fc.assert(fc.property(value, (input) => {
      expect(canonicalJson(input)).toBe(referenceCanonical(input));
      const request = { provider: 'openai', request: input, nested: [input] } as Record<string, unknown>;
      const expected = createHash('sha256').update(referenceCanonical(referenceWithoutSecrets(request))).digest('hex');
      expect(requestKey(request)).toBe(expected);
    }), { numRuns: 2000 });
  });

  it('ignores key order and secrets, and differs when any request field differs', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 2 }] })).toBe('{"a":[null,{"c":2}],"b":1}');
    const base = { provider: 'openai', model: 'm', baseUrl: 'http://h/v1', prompt: 'p', temperature: 0 };
    expect(requestKey(base)).toBe(requestKey({ temperature: 0, prompt: 'p', baseUrl: 'http://h/v1', model: 'm', provider: 'openai', apiKey: 'sk-1' }));
    expect(requestKey(base)).toBe(requestKey({ ...base, baseUrl: 'http://user:sk-2@h/v1' }));
    expect(requestKey(base)).not.toBe(requestKey({ ...base, temperature: 1 }));
    expect(requestKey(base)).not.toBe(requestKey({ ...base, baseUrl: 'http://other/v1' }));
  });
});
