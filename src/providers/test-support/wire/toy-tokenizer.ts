/**
 * A small deterministic tokenizer and "model" for wire emulators (test support). Words carry their
 * leading space (` Paris`), punctuation and other whitespace are single tokens, and characters
 * outside ASCII become byte tokens: one per byte with `byteFallback` (SentencePiece models such as
 * Llama 2 and Mistral: `<0xE6>`), else pairs of bytes (byte-level BPE as in Llama 3, where a token
 * may hold part of a character). Each token's log-probability depends on it and the token before,
 * through a hash, so a test can compute an option's true score from `encode` and `logprob` alone.
 */
export interface ToyToken {
  id: number;
  bytes: Uint8Array;
  /** Byte span in the encoded text; a start token has the empty span at 0. */
  start: number;
  end: number;
}

export interface ToyTokenizer {
  /** The start token's text (`<s>`, `<|begin_of_text|>`), when the tokenizer adds one. */
  readonly startToken: string | undefined;
  /** The text's tokens, after the start token when there is one (vLLM's `add_special_tokens`). */
  encode(text: string): ToyToken[];
  /** One token decoded alone, as `tokenizer.decode([id])` does: invalid UTF-8 becomes U+FFFD. */
  decode(token: ToyToken): string;
  /** log P(token | previous token), in [-4.25, -0.25]. */
  logprob(previous: ToyToken, token: ToyToken): number;
  /** The token's rank among the model's candidates at its position (1 = the most likely). */
  rank(previous: ToyToken, token: ToyToken): number;
}

const START_IDS: Record<string, number> = { '<|begin_of_text|>': 128000, '<s>': 1, '<bos>': 2 };
const PIECES = / ?[A-Za-z0-9]+| ?[!-/:-@[-`{-~]| ?[^\p{ASCII}]+|[\s\S]/gu;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return hash;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

export function createToyTokenizer(options: { startToken?: string; byteFallback?: boolean } = {}): ToyTokenizer {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const vocabulary = new Map<string, number>();
  const { startToken } = options;
  const idOf = (bytes: Uint8Array): number => {
    const key = hex(bytes);
    if (!vocabulary.has(key)) vocabulary.set(key, 1000 + vocabulary.size);
    return vocabulary.get(key) as number;
  };
  const key = (token: ToyToken): string => (token.bytes.length === 0 ? `#${token.id}` : hex(token.bytes));
  return {
    startToken,
    encode(text) {
      const tokens: ToyToken[] = startToken === undefined ? [] : [{ id: START_IDS[startToken] ?? 3, bytes: new Uint8Array(), start: 0, end: 0 }];
      let at = 0;
      const push = (bytes: Uint8Array): void => {
        tokens.push({ id: idOf(bytes), bytes, start: at, end: at + bytes.length });
        at += bytes.length;
      };
      for (const [piece] of text.matchAll(PIECES)) {
        const bytes = encoder.encode(piece);
        if (/^\p{ASCII}*$/u.test(piece)) push(bytes);
        else for (let offset = 0; offset < bytes.length; offset += options.byteFallback ? 1 : 2) push(bytes.slice(offset, offset + (options.byteFallback ? 1 : 2)));
      }
      return tokens;
    },
    decode: (token) => (token.bytes.length === 0 ? (startToken ?? '') : decoder.decode(token.bytes)),
    logprob: (previous, token) => -(0.25 + (fnv1a(`${key(previous)}/${key(token)}`) % 4000) / 1000),
    rank: (previous, token) => 1 + (fnv1a(`rank ${key(previous)}/${key(token)}`) % 3),
  };
}

/**
 * An option's true score by definition, from the tokenizer itself (not from any wire answer): the
 * log-probabilities of the tokens of `prompt + option` that cover any byte of the option, a token
 * straddling the boundary included (lm-evaluation-harness's continuation).
 */
export function trueOptionScore(tokenizer: ToyTokenizer, prompt: string, option: string): { logprob: number; tokenCount: number } {
  const tokens = tokenizer.encode(prompt + option);
  const optionStart = new TextEncoder().encode(prompt).length;
  let logprob = 0;
  let tokenCount = 0;
  tokens.forEach((token, index) => {
    if (token.end <= optionStart) return;
    logprob += tokenizer.logprob(tokens[index - 1] as ToyToken, token);
    tokenCount++;
  });
  return { logprob, tokenCount };
}
