import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';

/** Quantile of Student's t with `df` degrees of freedom. */
export function studentTQuantile(probability: number, df: number): number {
  return tQuantile(probability, df);
}

/** Quantile of the standard normal distribution. */
export function standardNormalQuantile(probability: number): number {
  return normalQuantile(probability, 0, 1);
}

/** Quantile of the Beta(a, b) distribution. */
export function betaDistQuantile(probability: number, a: number, b: number): number {
  return betaQuantile(probability, a, b);
}

const criticalValues = new Map<string, number>();

/** Two-sided critical value for a confidence level: t with df when given, else normal (memoised). */
export function criticalValue(level: number, df: number | null): number {
  const key = `${level}/${df}`;
  let value = criticalValues.get(key);
  if (value === undefined) {
    const probability = 1 - (1 - level) / 2;
    value = df === null ? standardNormalQuantile(probability) : studentTQuantile(probability, df);
    criticalValues.set(key, value);
  }
  return value;
}

/** CDF of Student's t with `df` degrees of freedom (standard normal when df is null). */
export function tOrNormalCdf(x: number, df: number | null): number {
  return df === null ? normalCdf(x, 0, 1) : tCdf(x, df);
}
