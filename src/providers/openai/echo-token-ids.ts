import { echoAlignmentError } from './echo-alignment-error.js';
import type { CompletionChoice } from './openai-schemas.js';
import { checkedLogprob } from './sum-echo-logprobs.js';

/**
 * The prompt's token ids of an echoed choice, when the server sends them: vLLM's
 * `prompt_token_ids` (with `return_token_ids`), else vLLM's `prompt_logprobs`, which echo + logprobs
 * answers carry anyway (one entry per prompt position, the first null, each mapping token ids to
 * `{logprob, rank, decoded_token}` for the prompt's token and the top `logprobs` alternatives).
 * The prompt's own token is the entry whose log-probability is the echoed `token_logprobs` value
 * (and whose text is the echoed token); of two such, the one whose rank is not 1 (a tie with the top
 * alternative). Position 0 is undefined when only `prompt_logprobs` are sent. Undefined when neither
 * field is there (OpenAI, llama.cpp, vLLM before these fields).
 */
export function echoTokenIds(choice: CompletionChoice): Array<number | undefined> | undefined {
  if (choice.prompt_token_ids !== undefined && choice.prompt_token_ids !== null) return choice.prompt_token_ids;
  const entries = choice.prompt_logprobs;
  if (entries === undefined || entries === null) return undefined;
  const echoed = choice.logprobs;
  return entries.map((entry, position) => {
    if (entry === null) {
      if (position === 0) return undefined;
      throw echoAlignmentError(`prompt_logprobs has no entry for prompt token ${position}`);
    }
    const logprob = echoed?.token_logprobs[position];
    const token = echoed?.tokens[position];
    let matches = Object.entries(entry).filter(([, value]) => same(value.logprob, logprob) && (value.decoded_token === undefined || value.decoded_token === null || value.decoded_token === token));
    if (matches.length > 1) matches = matches.filter(([, value]) => value.rank !== 1);
    if (matches.length !== 1 || !/^\d+$/.test((matches[0] as [string, unknown])[0])) {
      throw echoAlignmentError(`cannot tell which prompt_logprobs entry is the prompt's own token at position ${position} (${matches.length} entries match the echoed token)`);
    }
    return Number((matches[0] as [string, unknown])[0]);
  });
}

function same(a: number, b: number | null | undefined): boolean {
  return b !== null && b !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

/**
 * Sums an option's log-probabilities by token ids: `optionIds` are the token ids of the echoed
 * `prompt + option`, `promptIds` those of the prompt echoed alone in the same batch. The option's
 * tokens are those after the longest shared prefix: all of them past the prompt's own tokens, or,
 * where the tokenizer merged the prompt's end with the option's start (a trailing space and the
 * option's first word), from the first token that differs, which counts the merged token with the
 * option as lm-evaluation-harness does. Token 0, whose id `prompt_logprobs` leaves out, is compared
 * by its echoed text. This needs no character arithmetic, so start tokens, byte-level tokens and
 * servers' text offsets cannot shift it.
 */
export function sumByTokenIds(
  option: { ids: Array<number | undefined>; tokens: string[]; logprobs: Array<number | null> },
  prompt: { ids: Array<number | undefined>; tokens: string[] },
): { logprob: number; tokenCount: number } {
  const count = option.ids.length;
  if (option.tokens.length < count || option.logprobs.length < count) {
    throw echoAlignmentError(`${count} prompt token ids but ${option.tokens.length} echoed tokens`);
  }
  let shared = 0;
  while (shared < count && shared < prompt.ids.length && (shared === 0 ? option.tokens[0] === prompt.tokens[0] && option.ids[0] === prompt.ids[0] : option.ids[shared] === prompt.ids[shared])) shared++;
  if (shared === count) throw echoAlignmentError('the option added no tokens to the prompt');
  let sum = 0;
  for (let index = shared; index < count; index++) sum += checkedLogprob(option.logprobs[index], index, option.tokens[index] as string);
  return { logprob: sum, tokenCount: count - shared };
}
