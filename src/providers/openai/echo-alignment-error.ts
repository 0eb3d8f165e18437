import { ProviderCallError } from '../spec.js';

/**
 * The error for an echoed answer whose tokens cannot be matched to the option with certainty: never
 * retryable (the same server answers the same way again), and never turned into a score.
 */
export function echoAlignmentError(message: string): ProviderCallError {
  return new ProviderCallError(`echoed log-probabilities cannot be aligned with the option: ${message}`, { isRetryable: false });
}
