import { describe, expect, it } from 'vitest';
import { nullJsonMembers } from './null-json-members.js';

/** The value with every member named `key` set to null: what JSON.parse of nullJsonMembers must give. */
function nulled(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => nulled(entry, key));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, name === key ? null : nulled(entry, key)]));
  return value;
}

describe('nullJsonMembers', () => {
  it('equals parsing and nulling, on random JSON with strings that hold the key, quotes, brackets and escapes', () => {
    let state = 5;
    const random = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const strings = ['top_logprobs', '"top_logprobs":', '\\"top_logprobs\\": [1', '[{', '}]', 'a,b', '\\', 'é\u2028', ' ', ''];
    const value = (depth: number): unknown => {
      const pick = random();
      if (depth > 3 || pick < 0.3) return [1.5, -2e-3, null, true, false, strings[Math.floor(random() * strings.length)]][Math.floor(random() * 6)];
      if (pick < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, i) => [random() < 0.4 ? 'top_logprobs' : random() < 0.5 ? strings[Math.floor(random() * strings.length)]! : `k${i}`, value(depth + 1)]));
    };
    for (let trial = 0; trial < 500; trial++) {
      const document = { choices: [value(0), value(0)] };
      const text = JSON.stringify(document, null, trial % 3 === 0 ? 2 : undefined);
      expect(JSON.parse(nullJsonMembers(text, 'top_logprobs'))).toEqual(nulled(JSON.parse(text), 'top_logprobs'));
    }
  });

  it('leaves text unchanged where the key is absent or the JSON ends early', () => {
    const text = '{"choices":[{"logprobs":{"tokens":["a"]}}]}';
    expect(nullJsonMembers(text, 'top_logprobs')).toBe(text);
    expect(nullJsonMembers('{"top_logprobs": [{"a": 1}', 'top_logprobs')).toBe('{"top_logprobs": [{"a": 1}');
  });
});
