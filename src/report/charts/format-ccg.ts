import type { NotebookResult } from '../../analysis/notebook.js';

/** The notebook's ccg as the notebook's grid annotates it (one decimal; ±∞ spelled out). */
export function formatCcg(notebook: NotebookResult | null): string {
  if (!notebook) return 'n/a';
  if (notebook.ccg === -Infinity) return '−∞';
  if (notebook.ccg === Infinity) return '+∞';
  const digits = Math.abs(notebook.ccg) < 10 ? 3 : 1;
  return notebook.ccg.toFixed(digits).replace('-', '−');
}
