import { echoAlignmentError } from './echo-alignment-error.js';
import type { CompletionLogprobs } from './openai-schemas.js';
import { spellEchoTokens, type EchoSpelling } from './spell-echo-tokens.js';

/** Length in code points, the unit of OpenAI's and vLLM's `text_offset` (Python string indices). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Sums the log-probabilities of the tokens that spell `option` in an echoed completion of
 * `prompt + option` (with at most `maxGenerated` tokens after it), placing tokens by their text
 * (see `spellEchoTokens`: a leading start token and tokens holding parts of characters are handled)
 * and checking `text_offset` against them. A token belongs to the option when it covers any of the
 * option's bytes; a token that straddles the boundary (the prompt's trailing space merged with the
 * option's first word, say) is counted with the option, as lm-evaluation-harness does when it moves
 * trailing whitespace into the continuation. Anything that would make the sum wrong throws a
 * non-retryable ProviderCallError instead: tokens that do not spell the text, offsets that disagree
 * with the tokens, or a missing log-probability.
 */
export function sumEchoLogprobs(logprobs: CompletionLogprobs, prompt: string, option: string, maxGenerated?: number): { logprob: number; tokenCount: number } {
  const { tokens, token_logprobs: tokenLogprobs } = logprobs;
  if (tokenLogprobs.length !== tokens.length) throw echoAlignmentError(`${tokens.length} tokens but ${tokenLogprobs.length} token_logprobs`);
  const spelling = spellEchoTokens(tokens, prompt + option, Buffer.byteLength(prompt, 'utf8'), maxGenerated);
  if (logprobs.text_offset !== undefined) checkTextOffsets(logprobs.text_offset, tokens, spelling, prompt + option);
  let sum = 0;
  let tokenCount = 0;
  for (let index = spelling.firstOptionToken; index < spelling.spans.length; index++) {
    sum += checkedLogprob(tokenLogprobs[index], index, tokens[index] as string);
    tokenCount++;
  }
  return { logprob: sum, tokenCount };
}

/** A token's log-probability, or the error saying why it cannot be summed. */
export function checkedLogprob(value: number | null | undefined, index: number, token: string): number {
  if (value === null || value === undefined) throw echoAlignmentError(`token ${index} (${JSON.stringify(token)}) has no log-probability`);
  if (!Number.isFinite(value) || value > 1e-9) throw echoAlignmentError(`token ${index} has log-probability ${value}`);
  return value;
}

/**
 * `text_offset` must agree with the tokens that spell the text, in one of the two conventions seen
 * on the wire: each token's position in the text (OpenAI), possibly shifted by the length of an
 * echoed start token (tokens starting inside a character are not checked); or the running length
 * of the echoed token strings (vLLM, whose offsets count the start token and one character per
 * U+FFFD). Offsets that fit neither mean the server's answer is
 * inconsistent, and no score read from it can be trusted.
 */
function checkTextOffsets(offsets: number[], tokens: string[], spelling: EchoSpelling, text: string): void {
  if (offsets.length !== tokens.length) throw echoAlignmentError(`${tokens.length} tokens but ${offsets.length} text_offset entries`);
  for (let index = 1; index < offsets.length; index++) {
    if ((offsets[index] as number) < (offsets[index - 1] as number)) throw echoAlignmentError(`text_offset decreases at token ${index}`);
  }
  const shifts = new Set([0, spelling.startToken === undefined ? 0 : codePointLength(spelling.startToken)]);
  const characterAt = characterIndexByByte(text);
  let running = 0;
  let cumulative: { index: number; expected: number } | undefined;
  for (const [index, span] of spelling.spans.entries()) {
    const offset = offsets[index] as number;
    if (cumulative === undefined && offset !== running) cumulative = { index, expected: running };
    running += codePointLength(tokens[index] as string);
    const character = characterAt.get(span.start);
    const isStart = index === 0 && spelling.startToken !== undefined;
    for (const shift of shifts) if (character !== undefined && offset !== (isStart ? 0 : character + shift)) shifts.delete(shift);
  }
  if (shifts.size > 0 || cumulative === undefined) return;
  throw echoAlignmentError(
    `text_offset does not match the tokens: token ${cumulative.index} is at offset ${offsets[cumulative.index]}, but the tokens before it are ${cumulative.expected} characters long and it starts at character ${characterAt.get((spelling.spans[cumulative.index] as { start: number }).start) ?? '?'} of the text`,
  );
}

/** UTF-8 length of one code point (a lone surrogate is written as U+FFFD, three bytes, as TextEncoder does). */
function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Maps the byte offset where each character of `text` starts to its index in code points. */
function characterIndexByByte(text: string): Map<number, number> {
  const map = new Map<number, number>();
  let byte = 0;
  let index = 0;
  for (const char of text) {
    map.set(byte, index++);
    byte += utf8Length(char.codePointAt(0) as number);
  }
  map.set(byte, index);
  return map;
}
