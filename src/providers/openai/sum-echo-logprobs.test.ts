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

  it('refuses every answer that would give a wrong sum', () => {
    rejectsWith({ tokens: ['x'], token_logprobs: [null], text_offset: [0] }, '', 'x', /no log-probability/);
    rejectsWith({ tokens: ['a', 'b'], token_logprobs: [null], text_offset: [0, 1] }, 'a', 'b', /token_logprobs/);
    rejectsWith({ tokens: ['a', 'b'], token_logprobs: [null, -1], text_offset: [0] }, 'a', 'b', /text_offset/);
    rejectsWith({ tokens: ['a', 'b', 'c'], token_logprobs: [null, -1, -1], text_offset: [0, 2, 1] }, 'a', 'bc', /decreases/);
    rejectsWith({ tokens: ['a', 'b'], token_logprobs: [null, -1], text_offset: [0, 1] }, 'a', 'bcd', /stop before the end/);
    rejectsWith({ tokens: ['a', 'b'], token_logprobs: [null, 0.5], text_offset: [0, 1] }, 'a', 'b', /log-probability 0.5/);
    rejectsWith({ tokens: ['a', 'x'], token_logprobs: [null, -1] }, 'a', 'b', /do not spell/);
  });
});

/** Offsets as vLLM computes them (`_create_completion_logprobs`): the running length of the echoed token strings. */
const vllmOffsets = (tokens: string[]): number[] => tokens.map((_, index) => tokens.slice(0, index).reduce((sum, token) => sum + Array.from(token).length, 0));
const vllm = (tokens: string[], logprobs: Array<number | null>) => ({ tokens, token_logprobs: logprobs, text_offset: vllmOffsets(tokens) });

describe('sumEchoLogprobs on vLLM-style answers', () => {
  it('skips a <|begin_of_text|> start token that text_offset counts but the text lacks', () => {
    const answer = vllm(['<|begin_of_text|>', 'The', ' capital', ' is', ' Paris'], [null, -1, -2, -3, -0.5]);
    expect(answer.text_offset).toEqual([0, 17, 20, 28, 31]);
    expect(sumEchoLogprobs(answer, 'The capital is', ' Paris', 0)).toEqual({ logprob: -0.5, tokenCount: 1 });
  });

  it('skips a <s> start token, with whitespace merged across the boundary counted with the option', () => {
    const answer = vllm(['<s>', 'A', ':', ' Paris'], [null, -1, -2, -0.75]);
    expect(sumEchoLogprobs(answer, 'A: ', 'Paris', 0)).toEqual({ logprob: -0.75, tokenCount: 1 });
  });

  it('places byte-split characters (U+FFFD) in the prompt and the option by their UTF-8 bytes', () => {
    // 答： = E7 AD 94 | EF BC 9A, then " 是" = 20 | E6 98 AF, in byte pairs: [E7 AD][94 EF][BC 9A][20 E6][98 AF]
    const answer = vllm(['<|begin_of_text|>', '\ufffd', '\ufffd\ufffd', '\ufffd\ufffd', ' \ufffd', '\ufffd\ufffd'], [null, -1, -2, -3, -4, -5]);
    expect(sumEchoLogprobs(answer, '答：', ' 是', 0)).toEqual({ logprob: -9, tokenCount: 2 });
  });

  it('counts a byte token that straddles the boundary inside a multi-byte run with the option', () => {
    // 答案： + 是 in byte pairs: [E7 AD][94 E6][A1 88][EF BC][9A E6][98 AF]; [9A E6] holds the option's first byte
    const answer = vllm(['\ufffd', '\ufffd\ufffd', '\ufffd\ufffd', '\ufffd', '\ufffd\ufffd', '\ufffd\ufffd'], [null, -1, -2, -3, -4, -5]);
    expect(sumEchoLogprobs(answer, '答案：', '是', 0)).toEqual({ logprob: -9, tokenCount: 2 });
  });

  it('scores a multi-byte option spelt by whole characters and by byte-fallback tokens alike', () => {
    expect(sumEchoLogprobs(vllm(['<s>', 'Q', ':', ' ☃'], [null, -1, -1, -2.5]), 'Q:', ' ☃', 0)).toEqual({ logprob: -2.5, tokenCount: 1 });
    // ☃ = E2 98 83 as three byte-fallback tokens after a lone space token
    const bytes = vllm(['<s>', 'Q', ':', ' ', '\ufffd', '\ufffd', '\ufffd'], [null, -1, -1, -0.5, -1, -2, -3]);
    expect(sumEchoLogprobs(bytes, 'Q:', ' ☃', 0)).toEqual({ logprob: -6.5, tokenCount: 4 });
  });

  it("reads OpenAI's `bytes:` tokens as the bytes they name", () => {
    const answer = { tokens: ['I', ' like', ' ', 'bytes:\\xe2\\x98', 'bytes:\\x83'], token_logprobs: [null, -1, -2, -3, -4], text_offset: [0, 1, 6, 7, 7] };
    expect(sumEchoLogprobs(answer, 'I like ', '☃', 1)).toEqual({ logprob: -7, tokenCount: 2 });
  });

  it('refuses inconsistent answers with a named error instead of a score', () => {
    const tokens = ['<s>', 'The', ' capital', ' is', ' Paris'];
    const lps = [null, -1, -2, -3, -0.5];
    // offsets that skip a character from the third token on
    rejectsWith({ tokens, token_logprobs: lps, text_offset: [0, 3, 7, 15, 18] }, 'The capital is', ' Paris', /text_offset does not match the tokens: token 2/);
    // offsets that count the start token twice
    rejectsWith({ tokens, token_logprobs: lps, text_offset: [0, 6, 9, 17, 20] }, 'The capital is', ' Paris', /text_offset does not match/);
    // vLLM issue #5334 (Llama 2, before PR #5846): tokens that do not spell "\n1. Carol has 20"
    const garbled = ['<s>', '', '\n', '1', '.', '\n Carol', '\n\n has', '\n\n\n ', '\n\n\n\n2', '\n\n\n\n\n0'];
    rejectsWith({ tokens: garbled, token_logprobs: [null, -4.1, -4.2, -5.7, -0.9, -10.6, -6.3, -4.4, -1.8, -1.2], text_offset: [0, 3, 3, 4, 5, 6, 13, 19, 23, 28] }, '\n1. Carol has 2', '0', /token 1 has no text/);
    rejectsWith(vllm(['<s>', '\n', '1', '.', '\n Carol'], [null, -1, -1, -1, -1]), '\n1.', ' Carol', /do not spell the prompt and option: they part from the text at character 3, at token 4/);
    // raw vocabulary pieces (a server echoing convert_ids_to_tokens output)
    rejectsWith(vllm(['<s>', 'The', 'Ġcapital'], [null, -1, -2]), 'The', ' capital', /raw vocabulary pieces/);
    // a U+FFFD split that leaves the end of the text open when generated tokens may follow
    rejectsWith(vllm([':', ' \ufffd', '\ufffd\ufffd', '\ufffd', '\ufffd\ufffd'], [null, -1, -2, -3, -4]), ':', ' ☃🙂', /disagree on where the option begins or ends/);
    // more tokens than max_tokens allows after the text
    rejectsWith(vllm(['a', 'b', 'c', 'd'], [null, -1, -1, -1]), 'a', 'b', /more tokens follow it than the 1/, 1);
  });
});

function rejectsWith(logprobs: Parameters<typeof sumEchoLogprobs>[0], prompt: string, option: string, pattern: RegExp, maxGenerated?: number): void {
  let thrown: unknown;
  try {
    sumEchoLogprobs(logprobs, prompt, option, maxGenerated);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ProviderCallError);
  expect((thrown as ProviderCallError).isRetryable).toBe(false);
  expect((thrown as ProviderCallError).message).toMatch(pattern);
}
