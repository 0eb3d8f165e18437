import type { TaskItem } from '../core/task.js';
import {
  consistencyPrompt, letterPrompt, optionScoringPrompt, verbalizedChoicePrompt, verbalizedFreePrompt,
} from '../tasks/format-prompt.js';
import type { MeasuredMethod } from './choose-method.js';

/** A request to a provider, as plain data (it is also what the cache key is computed from). */
export type ProviderRequest =
  | { kind: 'score'; prompt: string; options: string[] }
  | { kind: 'generate'; prompt: string; maxTokens: number; temperature: number; topLogprobs?: number; seed?: number };

/** Top alternatives asked for with the answer-letter method. */
export const LETTER_TOP_LOGPROBS = 20;
/** Temperature of consistency samples. */
export const CONSISTENCY_TEMPERATURE = 1;

/** The method actually used for an item: free-form items need generation, so they use verbalized unless consistency is asked for. */
export function methodForItem(method: MeasuredMethod, item: TaskItem): MeasuredMethod {
  if (item.kind === 'free' && method !== 'consistency') return 'verbalized';
  return method;
}

/** Builds the request for one item and sample under a method. */
export function buildRequest(method: MeasuredMethod, item: TaskItem, sample: number): ProviderRequest {
  const used = methodForItem(method, item);
  if (item.kind === 'choice') {
    if (used === 'option-logprobs') return { kind: 'score', ...optionScoringPrompt(item) };
    if (used === 'letter-logprobs') {
      return { kind: 'generate', prompt: letterPrompt(item), maxTokens: 1, temperature: 0, topLogprobs: LETTER_TOP_LOGPROBS };
    }
    if (used === 'verbalized') return { kind: 'generate', prompt: verbalizedChoicePrompt(item), maxTokens: 24, temperature: 0 };
    return { kind: 'generate', prompt: consistencyPrompt(item), maxTokens: 16, temperature: CONSISTENCY_TEMPERATURE, seed: sample };
  }
  if (used === 'consistency') {
    return { kind: 'generate', prompt: consistencyPrompt(item), maxTokens: 64, temperature: CONSISTENCY_TEMPERATURE, seed: sample };
  }
  return { kind: 'generate', prompt: verbalizedFreePrompt(item), maxTokens: 64, temperature: 0 };
}
