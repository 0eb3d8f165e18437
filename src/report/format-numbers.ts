/** Formats a fraction per decade as signed percentage points: +12.3. */
export function formatPp(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  const value = fraction * 100;
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}

/** Formats an estimate with its interval in pp: +12.3 [+8.1, +16.5]. */
export function formatPpInterval(estimate: { estimate: number; low: number | null; high: number | null } | null): string {
  if (!estimate) return '–';
  if (estimate.low === null || estimate.high === null) return `${formatPp(estimate.estimate)} [no CI]`;
  return `${formatPp(estimate.estimate)} [${formatPp(estimate.low)}, ${formatPp(estimate.high)}]`;
}

/** Formats the notebook's ccg (which may be ±Infinity). */
export function formatCcg(ccg: number | null | undefined): string {
  if (ccg === null || ccg === undefined) return '–';
  if (ccg === Infinity) return '+∞';
  if (ccg === -Infinity) return '−∞';
  return Math.abs(ccg) >= 100 ? ccg.toFixed(0) : ccg.toPrecision(3);
}

/** Formats a fraction as a percentage: 61.2%. */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)}%`;
}
