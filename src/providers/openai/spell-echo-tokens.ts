import { echoAlignmentError } from './echo-alignment-error.js';

/** Where each echoed token lies in the text, in UTF-8 bytes (`end` exclusive). */
export interface EchoSpelling {
  /** The text of a leading token that is not part of the text (`<s>`, `<|begin_of_text|>`), if any. */
  startToken: string | undefined;
  /** Byte span of each token up to the one that ends the text; a start token has the empty span at 0. */
  spans: Array<{ start: number; end: number }>;
}

/** One piece of a token's text: bytes it must equal, or a U+FFFD that stands for part of a character. */
type Piece = Uint8Array | 'partial';

const encoder = new TextEncoder();
const REPLACEMENT = encoder.encode('\ufffd');

/**
 * Pieces of a token's text. Servers that decode tokens one by one (vLLM's prompt log-probabilities)
 * print a token holding part of a multi-byte character as U+FFFD, one per piece as UTF-8 decoders
 * with replacement do; OpenAI prints such a token as `bytes:\xe6\x98`.
 */
function tokenPieces(token: string): Piece[] {
  if (/^bytes:(\\x[0-9a-fA-F]{2})+$/.test(token)) {
    return [Uint8Array.from(token.slice(6).split('\\x').slice(1), (hex) => parseInt(hex, 16))];
  }
  const pieces: Piece[] = [];
  for (const char of token) pieces.push(char === '\ufffd' ? 'partial' : encoder.encode(char));
  return pieces;
}

function utf8Length(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return lead >= 0xc0 ? 2 : 1;
}

/** Byte positions where a token spelled by `pieces` can end when it starts at `from` in `text`. */
function tokenEnds(pieces: Piece[], text: Uint8Array, from: number): number[] {
  let positions = [from];
  for (const [index, piece] of pieces.entries()) {
    const next: number[] = [];
    for (const at of positions) {
      if (piece !== 'partial') {
        if (piece.every((byte, offset) => text[at + offset] === byte)) next.push(at + piece.length);
        continue;
      }
      const byte = text[at];
      if (byte === undefined) continue;
      if (REPLACEMENT.every((value, offset) => text[at + offset] === value)) next.push(at + REPLACEMENT.length);
      // A lone continuation byte (the token began inside a character) is one U+FFFD of its own.
      if (byte >= 0x80 && byte < 0xc0) next.push(at + 1);
      // A character's first bytes without its last: only at the token's end (the token ends inside it).
      if (byte >= 0xc0 && index === pieces.length - 1) {
        for (let count = 1; count < utf8Length(byte); count++) if (at + count <= text.length) next.push(at + count);
      }
    }
    positions = [...new Set(next)];
  }
  return positions;
}

interface Step {
  ways: number;
  from: number;
}

/**
 * Matches echoed tokens to `text` (prompt and option): the tokens must spell it exactly, in order,
 * up to a token that ends where the text ends (later tokens, generated ones, are not looked at).
 * The first token may be a start token that is not part of the text (vLLM echoes `<s>`,
 * `<|begin_of_text|>`, `<bos>` though `text` lacks it): it is recognised when it does not match
 * the text's start while the remaining tokens spell the whole text. Tokens holding part of a
 * character are matched by UTF-8 bytes. Throws when the tokens do not spell the text, or spell it
 * in more than one way (byte splits that cannot be told apart): a score from either would be a guess.
 */
export function spellEchoTokens(tokens: string[], text: string): EchoSpelling {
  const bytes = encoder.encode(text);
  const first = tokens[0];
  if (first === undefined) throw echoAlignmentError('the answer has no tokens');
  const firstPieces = tokenPieces(first);
  const startToken = first === '' || tokenEnds(firstPieces, bytes, 0).length === 0 ? first : undefined;
  const layers: Array<Map<number, Step>> = [];
  let open = new Map<number, Step>([[0, { ways: 1, from: 0 }]]);
  let finish: { index: number; ways: number } | undefined;
  let furthest = { index: 0, at: 0 };
  for (let index = 0; index < tokens.length && open.size > 0; index++) {
    const layer = new Map<number, Step>();
    if (index === 0 && startToken !== undefined) layer.set(0, { ways: 1, from: 0 });
    else {
      const pieces = index === 0 ? firstPieces : tokenPieces(tokens[index] as string);
      if (pieces.length === 0) throw echoAlignmentError(`token ${index} has no text, so it cannot be placed in the prompt or the option`);
      for (const [at, step] of open) {
        for (const end of tokenEnds(pieces, bytes, at)) {
          const known = layer.get(end);
          layer.set(end, { ways: Math.min(2, (known?.ways ?? 0) + step.ways), from: known?.from ?? at });
        }
      }
    }
    layers.push(layer);
    const done = layer.get(bytes.length);
    if (done !== undefined && bytes.length > 0) {
      if (finish !== undefined || done.ways > 1) throw ambiguous();
      finish = { index, ways: done.ways };
    }
    open = new Map([...layer].filter(([at]) => at < bytes.length));
    if (open.size > 0) furthest = { index: index + 1, at: Math.max(...open.keys()) };
  }
  if (finish === undefined) throw notSpelled(tokens, text, furthest);
  const spans: EchoSpelling['spans'] = [];
  let end = bytes.length;
  for (let index = finish.index; index >= 0; index--) {
    const from = (layers[index] as Map<number, Step>).get(end)?.from as number;
    spans.unshift({ start: index === 0 && startToken !== undefined ? 0 : from, end });
    end = from;
  }
  return { startToken, spans };
}

function ambiguous(): Error {
  return echoAlignmentError('the tokens spell the text in more than one way (tokens holding parts of characters, shown as U+FFFD, that cannot be told apart)');
}

function notSpelled(tokens: string[], text: string, furthest: { index: number; at: number }): Error {
  const near = tokens.slice(furthest.index, furthest.index + 3).map((token) => JSON.stringify(token)).join(', ');
  const raw = tokens.some((token) => /[\u0120\u2581\u010a]/.test(token)) ? ' (they look like raw vocabulary pieces such as "Ġ" or "▁")' : '';
  const at = Array.from(new TextDecoder().decode(encoder.encode(text).slice(0, furthest.at))).length;
  if (furthest.index >= tokens.length) return echoAlignmentError(`the tokens stop before the end of the option (at character ${at} of ${Array.from(text).length})`);
  return echoAlignmentError(`the echoed tokens do not spell the prompt and option${raw}: they part from the text at character ${at}, at token ${furthest.index} (${near})`);
}
