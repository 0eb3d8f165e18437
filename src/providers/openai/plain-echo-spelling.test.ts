import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainEchoSpelling } from './plain-echo-spelling.js';
import { searchEchoSpelling } from './spell-echo-tokens.js';

/** Characters of one, two, three and four UTF-8 bytes (the last a surrogate pair), and U+FFFD. */
const characters = fc.constantFrom('a', 'b', ' ', '\n', 'é', 'ß', '日', '本', '😀', '\ufffd');

/** A text cut into tokens at random places (between UTF-16 units, so a cut may split a surrogate pair). */
const echo = fc
  .record({
    prompt: fc.array(characters, { maxLength: 8 }).map((parts) => parts.join('')),
    option: fc.array(characters, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
    cuts: fc.array(fc.nat(40), { maxLength: 10 }),
    start: fc.constantFrom(undefined, '', '<s>', 'a'),
    generated: fc.array(fc.constantFrom('x', ' y', '\ufffd'), { maxLength: 2 }),
    maxGenerated: fc.constantFrom(0, 1, 2, Number.POSITIVE_INFINITY),
  })
  .map(({ prompt, option, cuts, start, generated, maxGenerated }) => {
    const text = prompt + option;
    const at = [...new Set(cuts.map((cut) => cut % text.length).filter((cut) => cut > 0))].sort((a, b) => a - b);
    const tokens = [0, ...at].map((from, index) => text.slice(from, at[index] ?? text.length));
    return { tokens: [...(start === undefined ? [] : [start]), ...tokens, ...generated], text, optionStart: Buffer.byteLength(prompt), maxGenerated };
  });

function search(tokens: string[], text: string, optionStart: number, maxGenerated: number) {
  try {
    return searchEchoSpelling(tokens, text, optionStart, maxGenerated);
  } catch (error) {
    return (error as Error).message;
  }
}

describe('plainEchoSpelling', () => {
  it('finds exactly the spelling of the search whenever it answers, and answers for every plain echo that fits', () => {
    fc.assert(
      fc.property(echo, ({ tokens, text, optionStart, maxGenerated }) => {
        const plain = plainEchoSpelling(tokens, text, optionStart, maxGenerated);
        const searched = search(tokens, text, optionStart, maxGenerated);
        if (plain !== undefined) expect(plain).toEqual(searched);
        const isPlain = (part: string) => !/[\ufffd\ud800-\udfff]/.test(part);
        if (typeof searched !== 'string' && isPlain(text) && tokens.every(isPlain)) expect(plain).toEqual(searched);
      }),
      { numRuns: 3000 },
    );
  });

  it('spells a start token, the prompt and the option, and leaves generated tokens out', () => {
    expect(plainEchoSpelling(['<s>', 'Q:', ' 1', '+1', ' 2', 'x'], 'Q: 1+1 2', 6, 1)).toEqual({
      startToken: '<s>',
      spans: [{ start: 0, end: 0 }, { start: 0, end: 2 }, { start: 2, end: 4 }, { start: 4, end: 6 }, { start: 6, end: 8 }],
      firstOptionToken: 4,
    });
  });

  it('leaves to the search what it cannot decide by comparing strings', () => {
    expect(plainEchoSpelling(['Q', '\ufffd'], 'Qé', 1, 0)).toBeUndefined();
    expect(plainEchoSpelling(['Q', 'bytes:\\xc3\\xa9'], 'Qé', 1, 0)).toBeUndefined();
    expect(plainEchoSpelling(['Q', 'x'], 'Qé', 1, 0)).toBeUndefined();
    expect(plainEchoSpelling(['Q', 'é', 'x', 'y'], 'Qé', 1, 1)).toBeUndefined();
  });
});
