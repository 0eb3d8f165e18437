import type { SlopeEstimate } from '../../analysis/task-analysis.js';
import type { NotebookResult } from '../../analysis/notebook.js';

const MINUS = '−';

/** A signed number with a typographic minus: +1.2 / −0.4. */
export function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? MINUS : '+'}${text}`;
}

/** A slope per decade of parameters in percentage points, with its 95% CI when known. */
export function formatPpSlope(slope: SlopeEstimate | null): string {
  if (!slope) return 'n/a';
  const estimate = `${signed(slope.estimate * 100, 1)} pp`;
  if (slope.low === null || slope.high === null) return `${estimate} (no CI)`;
  return `${estimate} [${signed(slope.low * 100, 1)}, ${signed(slope.high * 100, 1)}]`;
}

/** A loss slope per decade in nats, with its 95% CI when known. */
export function formatLossSlope(slope: SlopeEstimate | null): string {
  if (!slope) return 'n/a';
  const estimate = signed(slope.estimate, 3);
  if (slope.low === null || slope.high === null) return `${estimate} (no CI)`;
  return `${estimate} [${signed(slope.low, 3)}, ${signed(slope.high, 3)}]`;
}

/** The notebook's ccg as printed in a table: three decimals, ±∞ spelled out, n/a when null. */
export function formatNotebookCcg(notebook: NotebookResult | null): string {
  if (!notebook || notebook.ccg === null) return 'n/a';
  if (notebook.ccg === -Infinity) return `${MINUS}∞`;
  if (notebook.ccg === Infinity) return '+∞';
  return signed(notebook.ccg, 3);
}

/** A fraction as a percentage with one decimal, or an em dash when absent. */
export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** A number with fixed decimals, or an em dash when absent. */
export function formatNumber(value: number | null, digits: number): string {
  return value === null ? '—' : value.toFixed(digits);
}
