/** Ordinary least squares of y on x, with what the intervals need. */
export interface OlsFit {
  slope: number;
  intercept: number;
  /** Number of points. */
  count: number;
  meanX: number;
  /** Σ (x − x̄)². */
  sxx: number;
  /** Residual sum of squares. */
  rss: number;
}

/** Fits y = intercept + slope · x; null when fewer than 2 points or x does not vary. */
export function ols(x: ArrayLike<number>, y: ArrayLike<number>): OlsFit | null {
  const count = x.length;
  if (count < 2 || y.length !== count) return null;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < count; i++) {
    sumX += x[i]!;
    sumY += y[i]!;
  }
  const meanX = sumX / count;
  const meanY = sumY / count;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < count; i++) {
    const dx = x[i]! - meanX;
    sxx += dx * dx;
    sxy += dx * (y[i]! - meanY);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let rss = 0;
  for (let i = 0; i < count; i++) {
    const residual = y[i]! - intercept - slope * x[i]!;
    rss += residual * residual;
  }
  return { slope, intercept, count, meanX, sxx, rss };
}

/** OLS weights w_i = (x_i − x̄)/Sxx, so that slope = Σ w_i y_i. */
export function olsWeights(x: ArrayLike<number>): number[] {
  const count = x.length;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += x[i]!;
  const mean = sum / count;
  let sxx = 0;
  for (let i = 0; i < count; i++) sxx += (x[i]! - mean) ** 2;
  return Array.from({ length: count }, (_, i) => (x[i]! - mean) / sxx);
}
