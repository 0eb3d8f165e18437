import { describe, expect, it } from 'vitest';
import { ProviderCallError } from '../spec.js';
import { sumEchoLogprobs } from './sum-echo-logprobs.js';

describe('sumEchoLogprobs', () => {
  it('sums exactly the tokens that spell the option', () => {
    const logprobs = { tokens: ['Q', ':', ' Par', 'is'], token_logprobs: [null, -1, -0.5, -0.25], text_offset: [0, 1, 2, 6] };
    expect(sumEchoLogprobs(logprobs, 'Q:', ' Paris')).toEqual({ logprob: -0.75, tokenCount: 2 });
  });

  it('counts a token that straddles the boundary with the option', () => {
    const logprobs = { tokens: ['A', ':', ' Paris'], token_logprobs: [null, -1, -2], text_offset: [0, 1, 2] };
    expect(sumEchoLogprobs(logprobs, 'A: ', 'Paris')).toEqual({ logprob: -2, tokenCount: 1 });
  });

  it('ignores tokens generated after the option (servers that need max_tokens >= 1)', () => {
    const logprobs = { tokens: ['A', 'b', 'c'], token_logprobs: [null, -1, -4], text_offset: [0, 1, 2] };
    expect(sumEchoLogprobs(logprobs, 'A', 'b')).toEqual({ logprob: -1, tokenCount: 1 });
  });

  it('measures offsets in code points, as Python servers do', () => {
    const logprobs = { tokens: ['🙂', 'x', 'y'], token_logprobs: [null, -1, -2], text_offset: [0, 1, 2] };
    expect(sumEchoLogprobs(logprobs, '🙂x', 'y')).toEqual({ logprob: -2, tokenCount: 1 });
  });

  it('derives offsets from tokens that spell the text when text_offset is absent', () => {
    const logprobs = { tokens: ['ab', 'c', 'de'], token_logprobs: [null, -1, -3] };
    expect(sumEchoLogprobs(logprobs, 'abc', 'de')).toEqual({ logprob: -3, tokenCount: 1 });
  });

  const rejects = (logprobs: Parameters<typeof sumEchoLogprobs>[0], prompt: string, option: string, pattern: RegExp): void => {
    let thrown: unknown;
    try {
      sumEchoLogprobs(logprobs, prompt, option);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderCallError);
    expect((thrown as ProviderCallError).isRetryable).toBe(false);
    expect((thrown as ProviderCallError).message).toMatch(pattern);
  };

  it('refuses every answer that would give a wrong sum', () => {
    rejects({ tokens: ['x'], token_logprobs: [null], text_offset: [0] }, '', 'x', /no log-probability/);
    rejects({ tokens: ['a', 'b'], token_logprobs: [null], text_offset: [0, 1] }, 'a', 'b', /token_logprobs/);
    rejects({ tokens: ['a', 'b'], token_logprobs: [null, -1], text_offset: [0] }, 'a', 'b', /text_offset/);
    rejects({ tokens: ['a', 'b', 'c'], token_logprobs: [null, -1, -1], text_offset: [0, 2, 1] }, 'a', 'bc', /decreases/);
    rejects({ tokens: ['a', 'b'], token_logprobs: [null, -1], text_offset: [0, 1] }, 'a', 'bcd', /stop before the end/);
    rejects({ tokens: ['a', 'b'], token_logprobs: [null, 0.5], text_offset: [0, 1] }, 'a', 'b', /log-probability 0.5/);
    rejects({ tokens: ['a', 'x'], token_logprobs: [null, -1] }, 'a', 'b', /do not spell/);
  });
});
