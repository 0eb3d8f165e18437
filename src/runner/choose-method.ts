import type { ConfidenceMethod } from '../core/item-result.js';
import type { ProviderCapabilities } from '../providers/spec.js';

/** The confidence setting of a config. */
export type ConfidenceSetting = 'auto' | 'logprobs' | 'verbalized' | 'consistency';

/** A method the harness measures with (`given` is for imported data only). */
export type MeasuredMethod = Exclude<ConfidenceMethod, 'given'>;

/**
 * Picks the confidence method for a model from its probed capabilities: option log-probs >
 * answer-letter log-probs > verbalized (> consistency, which is only used when asked for).
 * Returns a reason string instead when the requested method is not available.
 */
export function chooseMethod(capabilities: ProviderCapabilities, setting: ConfidenceSetting): MeasuredMethod | { unavailable: string } {
  const logprobs: MeasuredMethod | null = capabilities.optionScoring ? 'option-logprobs' : capabilities.tokenLogprobs ? 'letter-logprobs' : null;
  if (setting === 'logprobs') return logprobs ?? { unavailable: 'the endpoint gives no log-probabilities (use confidence: verbalized or auto)' };
  if (setting === 'auto' && logprobs) return logprobs;
  if (!capabilities.generation) {
    return { unavailable: `the endpoint cannot generate text, which confidence: ${setting} needs` };
  }
  return setting === 'consistency' ? 'consistency' : 'verbalized';
}
