/** A column of a plain-text table. */
export interface TextColumn {
  header: string;
  align?: 'left' | 'right';
  /** Longest width before the cell is cut with an ellipsis. */
  maxWidth?: number;
}

// eslint-disable-next-line no-control-regex -- strips ANSI colour codes
const visibleLength = (text: string): number => [...text.replace(/\x1b\[[0-9;]*m/g, '')].length;

function fit(text: string, width: number | undefined): string {
  if (width === undefined || visibleLength(text) <= width) return text;
  return `${[...text].slice(0, width - 1).join('')}…`;
}

/**
 * Lays out rows under headers with two spaces between columns. `style` colours a cell after it
 * has been measured, so ANSI codes never break the alignment.
 */
export function renderTextTable(
  columns: TextColumn[],
  rows: string[][],
  style: (row: number, column: number, text: string) => string = (_r, _c, text) => text,
): string[] {
  const cells = rows.map((row) => row.map((cell, i) => fit(cell, columns[i]?.maxWidth)));
  const widths = columns.map((column, i) => Math.max(visibleLength(column.header), ...cells.map((row) => visibleLength(row[i] ?? ''))));
  const pad = (text: string, i: number): string => {
    const gap = ' '.repeat(Math.max(0, widths[i]! - visibleLength(text)));
    return columns[i]?.align === 'right' ? gap + text : text + gap;
  };
  const header = columns.map((column, i) => pad(column.header, i)).join('  ').trimEnd();
  const body = cells.map((row, r) => row.map((cell, c) => {
    const padded = pad(cell, c);
    return style(r, c, cell) === cell ? padded : padded.replace(cell, style(r, c, cell));
  }).join('  ').trimEnd());
  return [header, ...body];
}
