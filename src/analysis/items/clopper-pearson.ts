import { betaDistQuantile } from '../distributions.js';

/**
 * Exact (Clopper–Pearson) bounds for a binomial proportion of `successes` in `trials`:
 * lower = Beta⁻¹(α; x, n − x + 1), upper = Beta⁻¹(1 − α; x + 1, n − x), with α the one-sided
 * error (0.05 for a one-sided 95% bound, 0.025 for each end of a two-sided 95% interval).
 */
export function clopperPearson(successes: number, trials: number, alpha = 0.05): { lower: number; upper: number } {
  if (trials <= 0) return { lower: 0, upper: 1 };
  const lower = successes === 0 ? 0 : betaDistQuantile(alpha, successes, trials - successes + 1);
  const upper = successes === trials ? 1 : betaDistQuantile(1 - alpha, successes + 1, trials - successes);
  return { lower, upper };
}
