import { echoAlignmentError } from './echo-alignment-error.js';
import { plainEchoSpelling } from './plain-echo-spelling.js';

/** Where each echoed token lies in the text, in UTF-8 bytes (`end` exclusive). */
export interface EchoSpelling {
  /** The text of a leading token that is not part of the text (`<s>`, `<|begin_of_text|>`), if any. */
  startToken: string | undefined;
  /** Byte span of each token up to the one that ends the text (one of the spellings where several fit); a start token has the empty span at 0. */
  spans: Array<{ start: number; end: number }>;
  /** Index of the first token that covers a byte of the option: it and the tokens after it, up to the last span, are the option's. */
  firstOptionToken: number;
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
  at: number;
  /** Index of the first token that covers an option byte, once one does (else -1). */
  firstOption: number;
  /** Key (`at/firstOption`) of one state before this token that leads here; splits that merge keep the first. */
  from: string;
}

/**
 * Matches echoed tokens to `text` (prompt and option, the option from byte `optionStart`): the
 * tokens must spell it exactly, in order, up to a token that ends where the text ends (later
 * tokens, generated ones, are not looked at). The first token may be a start token that is not
 * part of the text (vLLM echoes `<s>`, `<|begin_of_text|>`, `<bos>` though `text` lacks it): it is
 * recognised when it does not match the text's start (or is empty) while the remaining tokens
 * spell the whole text. Tokens holding part of a character are matched by UTF-8 bytes; their
 * U+FFFD strings may leave the exact split open (`\xe6` and `\xe6\xa1` both print as one U+FFFD),
 * which is harmless unless the splits disagree on which token first covers the option or which ends
 * the text. At most `maxGenerated` tokens may follow the text (the request's `max_tokens`), which
 * also settles where such splits end. Throws when the tokens do not spell the text, or when that is
 * open: a score from either would be a guess.
 */
export function spellEchoTokens(tokens: string[], text: string, optionStart: number, maxGenerated = Number.POSITIVE_INFINITY): EchoSpelling {
  return plainEchoSpelling(tokens, text, optionStart, maxGenerated) ?? searchEchoSpelling(tokens, text, optionStart, maxGenerated);
}

/** `spellEchoTokens` by a search over every way the tokens can spell the text (any tokens; the plain case is found faster by `plainEchoSpelling`). */
export function searchEchoSpelling(tokens: string[], text: string, optionStart: number, maxGenerated: number): EchoSpelling {
  const bytes = encoder.encode(text);
  const first = tokens[0];
  if (first === undefined) throw echoAlignmentError('the answer has no tokens');
  const firstPieces = tokenPieces(first);
  const startToken = first === '' || tokenEnds(firstPieces, bytes, 0).length === 0 ? first : undefined;
  const layers: Array<Map<string, Step>> = [];
  let open: Step[] = [{ at: 0, firstOption: -1, from: '' }];
  const finished: Array<{ index: number; key: string; step: Step }> = [];
  let furthest = { index: 0, at: 0 };
  for (let index = 0; index < tokens.length && open.length > 0; index++) {
    const layer = new Map<string, Step>();
    const add = (at: number, previous: Step, fromKey: string): void => {
      const firstOption = previous.firstOption >= 0 || at <= optionStart ? previous.firstOption : index;
      const key = `${at}/${firstOption}`;
      if (!layer.has(key)) layer.set(key, { at, firstOption, from: fromKey });
    };
    const pieces = index === 0 ? firstPieces : tokenPieces(tokens[index] as string);
    if (index > 0 && pieces.length === 0) throw echoAlignmentError(`token ${index} has no text, so it cannot be placed in the prompt or the option`);
    for (const step of open) {
      const fromKey = `${step.at}/${step.firstOption}`;
      if (index === 0 && startToken !== undefined) add(0, step, fromKey);
      else for (const end of tokenEnds(pieces, bytes, step.at)) add(end, step, fromKey);
    }
    layers.push(layer);
    for (const [key, step] of layer) if (step.at === bytes.length) finished.push({ index, key, step });
    open = [...layer.values()].filter((step) => step.at < bytes.length);
    if (open.length > 0) furthest = { index: index + 1, at: Math.max(...open.map((step) => step.at)) };
  }
  const fitting = finished.filter((end) => end.index >= tokens.length - 1 - maxGenerated);
  const done = fitting[0];
  if (done === undefined && finished.length > 0) throw echoAlignmentError(`the tokens spell the text, but more tokens follow it than the ${maxGenerated} that max_tokens allows`);
  if (done === undefined) throw notSpelled(tokens, text, furthest);
  if (fitting.length > 1) throw ambiguous();
  const spans: EchoSpelling['spans'] = [];
  let key = done.key;
  for (let index = done.index; index >= 0; index--) {
    const step = (layers[index] as Map<string, Step>).get(key) as Step;
    const previous = index === 0 ? 0 : ((layers[index - 1] as Map<string, Step>).get(step.from) as Step).at;
    spans.unshift({ start: previous, end: step.at });
    key = step.from;
  }
  return { startToken, spans, firstOptionToken: done.step.firstOption };
}

function ambiguous(): Error {
  return echoAlignmentError('the tokens spell the text in ways that disagree on where the option begins or ends (tokens holding parts of characters, shown as U+FFFD, cannot be told apart)');
}

function notSpelled(tokens: string[], text: string, furthest: { index: number; at: number }): Error {
  const near = tokens.slice(furthest.index, furthest.index + 3).map((token) => JSON.stringify(token)).join(', ');
  const raw = tokens.some((token) => /[\u0120\u2581\u010a]/.test(token)) ? ' (they look like raw vocabulary pieces such as "Ġ" or "▁")' : '';
  const at = Array.from(new TextDecoder().decode(encoder.encode(text).slice(0, furthest.at))).length;
  if (furthest.index >= tokens.length) return echoAlignmentError(`the tokens stop before the end of the option (at character ${at} of ${Array.from(text).length})`);
  return echoAlignmentError(`the echoed tokens do not spell the prompt and option${raw}: they part from the text at character ${at}, at token ${furthest.index} (${near})`);
}
