import type { EchoSpelling } from './spell-echo-tokens.js';

/** U+FFFD (a token holding part of a character) or a UTF-16 surrogate: such text needs the byte-level search. */
const NOT_PLAIN = /[\ufffd\ud800-\udfff]/;

function isPlain(token: string): boolean {
  return !token.startsWith('bytes:') && !NOT_PLAIN.test(token);
}

/** UTF-8 length of a text without surrogates (every UTF-16 unit a whole character). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
  }
  return bytes;
}

/**
 * The spelling `spellEchoTokens` finds, found by comparing strings, when every token and the text
 * are plain: no U+FFFD, no surrogates (so each token is whole characters, whose UTF-8 bytes match
 * exactly where their text does), no `bytes:` token and no empty token after the first. Then only
 * one spelling exists and no search is needed. Returns undefined whenever the tokens are not plain
 * or do not spell the text within `maxGenerated` trailing tokens: the search then decides, and
 * names the fault.
 */
export function plainEchoSpelling(tokens: string[], text: string, optionStart: number, maxGenerated: number): EchoSpelling | undefined {
  const first = tokens[0];
  if (first === undefined || text === '' || NOT_PLAIN.test(text) || !isPlain(first)) return undefined;
  const startToken = first === '' || !text.startsWith(first) ? first : undefined;
  const spans: EchoSpelling['spans'] = [];
  let firstOptionToken = -1;
  let at = 0;
  let bytes = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as string;
    if (index === 0 && startToken !== undefined) {
      spans.push({ start: 0, end: 0 });
      continue;
    }
    if (token === '' || !isPlain(token) || !text.startsWith(token, at)) return undefined;
    const end = bytes + utf8Length(token);
    spans.push({ start: bytes, end });
    if (firstOptionToken < 0 && end > optionStart) firstOptionToken = index;
    at += token.length;
    bytes = end;
    if (at === text.length) return index >= tokens.length - 1 - maxGenerated ? { startToken, spans, firstOptionToken } : undefined;
  }
  return undefined;
}
