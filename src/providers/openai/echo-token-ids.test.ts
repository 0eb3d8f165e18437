import { describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import { echoTokenIds, sumByTokenIds } from './echo-token-ids.js';
import type { CompletionChoice } from './openai-schemas.js';

/**
 * A vLLM echo choice (`logprobs: 1`): `prompt_logprobs` per position, the first null, each with the
 * prompt's own token and the top-1 alternative when that is another token (vLLM's
 * CompletionResponseChoice.prompt_logprobs, serialized dict[int, Logprob]).
 */
function vllmChoice(ids: number[], tokens: string[], logprobs: number[], ranks: number[]): CompletionChoice {
  return {
    text: tokens.slice(1).join(''),
    logprobs: { tokens, token_logprobs: [null, ...logprobs.slice(1)], text_offset: [] },
    prompt_logprobs: ids.map((id, position): Record<string, { logprob: number; rank: number; decoded_token: string }> | null => {
      if (position === 0) return null;
      const own = { logprob: logprobs[position] as number, rank: ranks[position] as number, decoded_token: tokens[position] as string };
      return ranks[position] === 1 ? { [id]: own } : { [id]: own, 7: { logprob: -0.01, rank: 1, decoded_token: ' the' } };
    }),
  };
}

describe('echoTokenIds', () => {
  it("reads the prompt's own token at each position, leaving position 0 unknown", () => {
    const choice = vllmChoice([128000, 791, 6864], ['<|begin_of_text|>', 'The', ' capital'], [0, -1, -2], [0, 3, 1]);
    expect(echoTokenIds(choice)).toEqual([undefined, 791, 6864]);
  });

  it('takes prompt_token_ids when the server sends them, and nothing when it sends neither', () => {
    expect(echoTokenIds({ prompt_token_ids: [1, 2, 3] })).toEqual([1, 2, 3]);
    expect(echoTokenIds({ logprobs: { tokens: ['a'], token_logprobs: [null] } })).toBeUndefined();
  });

  it('breaks a tie with the top alternative by rank, and refuses an entry that matches nothing', () => {
    const tie: CompletionChoice = {
      logprobs: { tokens: ['a', ' b'], token_logprobs: [null, -0.5] },
      prompt_logprobs: [null, { 12: { logprob: -0.5, rank: 2, decoded_token: ' b' }, 13: { logprob: -0.5, rank: 1, decoded_token: ' b' } }],
    };
    expect(echoTokenIds(tie)).toEqual([undefined, 12]);
    const none: CompletionChoice = { logprobs: { tokens: ['a', ' b'], token_logprobs: [null, -0.5] }, prompt_logprobs: [null, { 12: { logprob: -0.7, rank: 2, decoded_token: ' b' } }] };
    expect(() => echoTokenIds(none)).toThrow(/cannot tell which prompt_logprobs entry/);
  });
});

describe('sumByTokenIds', () => {
  const prompt = { ids: [undefined, 32, 25, 220], tokens: ['<s>', 'A', ':', ' '] };

  it('sums the tokens past the prompt, whatever their text', () => {
    const option = { ids: [undefined, 32, 25, 220, 900, 901], tokens: ['<s>', 'A', ':', ' ', '', '是'], logprobs: [null, -1, -2, -3, -4, -5] };
    expect(sumByTokenIds(option, prompt)).toEqual({ logprob: -9, tokenCount: 2 });
  });

  it('counts a token merged across the boundary (the trailing space) with the option', () => {
    const option = { ids: [undefined, 32, 25, 12366], tokens: ['<s>', 'A', ':', ' Paris'], logprobs: [null, -1, -2, -0.25] };
    expect(sumByTokenIds(option, prompt)).toEqual({ logprob: -0.25, tokenCount: 1 });
  });

  it('refuses an option that adds no token or whose first token is position 0', () => {
    expect(() => sumByTokenIds({ ids: [undefined, 32, 25, 220], tokens: prompt.tokens, logprobs: [null, -1, -2, -3] }, prompt)).toThrow(ProviderCallError);
    const merged = { ids: [undefined], tokens: ['AB'], logprobs: [null] };
    expect(() => sumByTokenIds(merged, { ids: [undefined], tokens: ['A'] })).toThrow(/no log-probability/);
  });
});
