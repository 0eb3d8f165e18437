import type { ToyToken, ToyTokenizer } from '../toy-tokenizer.js';

/** Top alternatives that never occur in test texts, ranked around the prompt's own token. */
const ALTERNATIVE = (rank: number): ToyToken => ({ id: 900 + rank, bytes: new TextEncoder().encode(` zzz${rank}`), start: 0, end: 0 });

export interface Position {
  token: ToyToken;
  /** vLLM's `dict[int, Logprob]` for this position: the token itself first, then the top alternatives. */
  entries: Array<{ token: ToyToken; logprob: number; rank: number; text: string }>;
}

/**
 * vLLM's log-probability lists over a toy tokenizer: per position the token's own entry first, then
 * `topCount` alternatives around its rank (vllm/v1/engine/logprobs.py), decoded one by one or, with
 * `correctedDecoding`, as V1's `_correct_decoded_token` fixes tokens ending in U+FFFD; and the
 * completions `logprobs` object built from them (serving.py `_create_completion_logprobs`).
 */
export function createVllmLogprobs(tokenizer: ToyTokenizer, options: { correctedDecoding?: boolean; breakOffsets?: boolean }) {
  const decoder = new TextDecoder();
  const decodeMany = (tokens: ToyToken[]): string =>
    decoder.decode(Uint8Array.from(tokens.flatMap((token) => (token.bytes.length === 0 ? [...new TextEncoder().encode(tokenizer.decode(token))] : [...token.bytes]))));
  // vLLM V1 logprobs.py `_correct_decoded_token`, for tokens[index] after the tokens before it.
  const decodeAt = (tokens: ToyToken[], index: number, token = tokens[index] as ToyToken): string => {
    const alone = tokenizer.decode(token);
    if (!options.correctedDecoding || !alone.endsWith('\ufffd')) return alone;
    for (let count = 1; count <= Math.min(4, index); count++) {
      const context = tokens.slice(index - count, index);
      const full = decodeMany([...context, token]);
      if (full.endsWith('\ufffd')) continue;
      let clean = context.length;
      while (clean > 0 && tokenizer.decode(context[clean - 1] as ToyToken).endsWith('\ufffd')) clean--;
      const prefix = decodeMany(context.slice(0, clean));
      let shared = 0;
      while (shared < prefix.length && prefix[shared] === full[shared]) shared++;
      return full.slice(shared);
    }
    return '';
  };

  const positions = (tokens: ToyToken[], topCount: number): Array<Position | null> =>
    tokens.map((token, index) => {
      if (index === 0) return null;
      const previous = tokens[index - 1] as ToyToken;
      const own = { token, logprob: tokenizer.logprob(previous, token), rank: tokenizer.rank(previous, token), text: decodeAt(tokens, index) };
      const top = [];
      for (let rank = 1; rank <= topCount; rank++) {
        if (rank === own.rank) continue;
        const alternative = ALTERNATIVE(rank);
        top.push({ token: alternative, logprob: rank < own.rank ? -0.01 * rank : own.logprob - 0.5 * (rank - own.rank), rank, text: decodeAt(tokens, index, alternative) });
      }
      return { token, entries: [own, ...top] };
    });

  // vLLM's `_create_completion_logprobs`: decoded tokens, offsets as their running length.
  const completionLogprobs = (tokens: ToyToken[], listed: Array<Position | null>, topCount: number): Record<string, unknown> => {
    const strings = tokens.map((token, index) => listed[index]?.entries[0]?.text ?? tokenizer.decode(token));
    const textOffset: number[] = [];
    let running = 0;
    for (const [index, text] of strings.entries()) {
      textOffset.push(running + (options.breakOffsets && index >= 2 ? 1 : 0));
      running += Array.from(text).length;
    }
    return {
      text_offset: textOffset,
      token_logprobs: listed.map((position) => (position === null ? null : (position.entries[0] as { logprob: number }).logprob)),
      tokens: strings,
      top_logprobs: listed.map((position) =>
        position === null ? null : Object.fromEntries(position.entries.slice(0, topCount + 1).map((entry) => [entry.text, entry.logprob])),
      ),
    };
  };

  const serializePosition = (position: Position | null): Record<string, unknown> | null =>
    position === null ? null : Object.fromEntries(position.entries.map((entry) => [String(entry.token.id), { logprob: entry.logprob, rank: entry.rank, decoded_token: entry.text }]));

  return { positions, completionLogprobs, serializePosition };
}
