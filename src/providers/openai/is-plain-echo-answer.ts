import type { z } from 'zod';
import type { completionsResponseSchema } from './openai-schemas.js';

type CompletionsResponse = z.output<typeof completionsResponseSchema>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): boolean => value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const entry of value) if (typeof entry !== 'string') return false;
  return true;
}

function isLogprobArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const entry of value) if (entry !== null && (typeof entry !== 'number' || !Number.isFinite(entry))) return false;
  return true;
}

function isOffsetArray(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const entry of value) if (typeof entry !== 'number' || !Number.isSafeInteger(entry) || entry < 0) return false;
  return true;
}

function isPlainChoice(choice: unknown): boolean {
  if (!isObject(choice) || !isCount(choice.index) || (choice.text !== undefined && typeof choice.text !== 'string')) return false;
  // vLLM's per-token records are left to the schema
  if (choice.prompt_logprobs !== undefined || choice.prompt_token_ids !== undefined) return false;
  const logprobs = choice.logprobs;
  if (logprobs === undefined || logprobs === null) return true;
  return isObject(logprobs) && isStringArray(logprobs.tokens) && isLogprobArray(logprobs.token_logprobs) && isOffsetArray(logprobs.text_offset);
}

/**
 * Whether a completions answer is one that `completionsResponseSchema` accepts, in its common shape
 * (choices with text, tokens, log-probabilities and offsets; counts in `usage`), checked without
 * copying it. Every answer this accepts the schema accepts too, with the same fields; anything else
 * (vLLM's `prompt_logprobs`, reasoning details, any fault) answers false, for the schema to read and
 * to name what is wrong. At hundreds of answers a second the schema's copy of every token costs more
 * than the rest of reading the answer.
 */
export function isPlainEchoAnswer(json: unknown): json is CompletionsResponse {
  if (!isObject(json) || !Array.isArray(json.choices) || json.choices.length === 0) return false;
  for (const choice of json.choices) if (!isPlainChoice(choice)) return false;
  const usage = json.usage;
  if (usage === undefined || usage === null) return true;
  return isObject(usage) && isCount(usage.prompt_tokens) && isCount(usage.completion_tokens) && usage.completion_tokens_details === undefined;
}
