/**
 * Percentile with linear interpolation between order statistics (numpy's default, "type 7").
 * Sorts a copy; `q` in [0, 100]. NaN when there are no finite values.
 */
export function percentile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).filter((value) => !Number.isNaN(value)).sort();
  return percentileOfSorted(sorted, q);
}

/** The same on values already sorted ascending. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const count = sorted.length;
  if (count === 0) return Number.NaN;
  const position = (q / 100) * (count - 1);
  const below = Math.floor(position);
  const above = Math.min(count - 1, below + 1);
  const fraction = position - below;
  return sorted[below]! + fraction * (sorted[above]! - sorted[below]!);
}
