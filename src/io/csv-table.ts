import { parse } from 'csv-parse/sync';
import { inputError } from '../core/errors.js';

/** One CSV data row: values by lower-cased column name, and its 1-based line number. */
export interface CsvRow {
  values: Record<string, string>;
  line: number;
}

export interface CsvTable {
  /** Column names, trimmed and lower-cased. */
  columns: string[];
  rows: CsvRow[];
}

/** Parses CSV text (CRLF, quoted fields with commas) with a header line. */
export function parseCsvTable(text: string, file: string): CsvTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = error && typeof error === 'object' && 'lines' in error ? Number(error.lines) : undefined;
    const reason = error instanceof Error ? error.message.replace(/^Invalid Record Length: /, '') : String(error);
    throw inputError({ file, line }, `malformed CSV: ${reason}`, error);
  }
  const [header, ...body] = records;
  if (!header) throw inputError({ file }, 'the file is empty; expected a header line and at least one row');
  const columns = header.record.map((name) => name.trim().toLowerCase());
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) throw inputError({ file, line: 1, field: column }, 'this column appears twice in the header');
    seen.add(column);
  }
  if (body.length === 0) throw inputError({ file, line: 1 }, 'the file has a header but no rows; expected at least one row of data');
  const rows = body.map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(columns.map((column, i) => [column, record[i] ?? ''])),
  }));
  return { columns, rows };
}
