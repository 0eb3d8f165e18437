import tQuantile from '@stdlib/stats-base-dists-t-quantile';
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

/** A CDF found by inverting a quantile function (bisection on the log-odds of the probability). */
function cdfByInversion(quantile: (probability: number) => number, x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  let low = -745;
  let high = 745;
  for (let iteration = 0; iteration < 120; iteration++) {
    const middle = (low + high) / 2;
    if (quantile(1 / (1 + Math.exp(-middle))) < x) low = middle;
    else high = middle;
  }
  return 1 / (1 + Math.exp(-(low + high) / 2));
}

/** CDF of Student's t with `df` degrees of freedom (standard normal when df is null). */
export function tOrNormalCdf(x: number, df: number | null): number {
  return cdfByInversion(df === null ? standardNormalQuantile : (p) => studentTQuantile(p, df), x);
}
