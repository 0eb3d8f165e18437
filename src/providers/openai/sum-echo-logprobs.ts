import { ProviderCallError } from '../spec.js';
import type { CompletionLogprobs } from './openai-schemas.js';

/** Length in code points, the unit of OpenAI's and vLLM's `text_offset` (Python string indices). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Sums the log-probabilities of the tokens that spell `option` in an echoed completion of
 * `prompt + option`. A token belongs to the option when it covers any of the option's characters;
 * a token that straddles the boundary (the prompt's trailing space merged with the option's first
 * word, say) is counted with the option, as lm-evaluation-harness does when it moves trailing
 * whitespace into the continuation. Anything that would make the sum wrong throws a non-retryable
 * ProviderCallError instead: offsets that do not line up, tokens that stop before the option ends,
 * or a missing log-probability.
 */
export function sumEchoLogprobs(logprobs: CompletionLogprobs, prompt: string, option: string): { logprob: number; tokenCount: number } {
  const { tokens, token_logprobs: tokenLogprobs } = logprobs;
  const bad = (message: string): ProviderCallError =>
    new ProviderCallError(`echoed log-probabilities cannot be aligned with the option: ${message}`, { isRetryable: false });
  if (tokenLogprobs.length !== tokens.length) throw bad(`${tokens.length} tokens but ${tokenLogprobs.length} token_logprobs`);
  const offsets = logprobs.text_offset ?? offsetsFromTokens(tokens, prompt + option, bad);
  if (offsets.length !== tokens.length) throw bad(`${tokens.length} tokens but ${offsets.length} text_offset entries`);
  for (let index = 1; index < offsets.length; index++) {
    if ((offsets[index] as number) < (offsets[index - 1] as number)) throw bad(`text_offset decreases at token ${index}`);
  }
  const start = codePointLength(prompt);
  const end = start + codePointLength(option);
  let sum = 0;
  let tokenCount = 0;
  let coveredTo = -1;
  for (let index = 0; index < tokens.length; index++) {
    const tokenStart = offsets[index] as number;
    const next = offsets[index + 1];
    const tokenEnd = next ?? tokenStart + Math.max(1, codePointLength(tokens[index] as string));
    if (tokenStart >= end || tokenEnd <= start) continue;
    const value = tokenLogprobs[index];
    if (value === null || value === undefined) throw bad(`token ${index} (${JSON.stringify(tokens[index])}) has no log-probability`);
    if (!Number.isFinite(value) || value > 1e-9) throw bad(`token ${index} has log-probability ${value}`);
    sum += value;
    tokenCount++;
    coveredTo = tokenEnd;
  }
  if (tokenCount === 0 || coveredTo < end) throw bad(`the tokens stop before the end of the option (${tokens.length} tokens)`);
  return { logprob: sum, tokenCount };
}

/** Offsets of tokens that spell `text` exactly, for servers that send no `text_offset`. */
function offsetsFromTokens(tokens: string[], text: string, bad: (message: string) => ProviderCallError): number[] {
  if (!tokens.join('').startsWith(text)) throw bad('no text_offset, and the tokens do not spell the prompt and option');
  const offsets: number[] = [];
  let offset = 0;
  for (const token of tokens) {
    offsets.push(offset);
    offset += codePointLength(token);
  }
  return offsets;
}
