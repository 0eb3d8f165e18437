import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCsvTable, splitPlainCsv } from './csv-table.js';

/** csv-parse with the options parseCsvTable gives it: the reference the direct split must equal. */
const csvParse = (text: string): string[][] => parse(text, { skip_empty_lines: true, relax_column_count: false }) as string[][];

describe('splitPlainCsv (the fast path of parseCsvTable)', () => {
  it('gives csv-parse\'s records for random unquoted tables, LF or CRLF, with empty lines and empty fields', () => {
    let state = 99;
    const random = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['a', 'b c', '', ' x ', '1.5', '-3e2', 'é', ';', '\t'];
    let split = 0;
    for (let trial = 0; trial < 300; trial++) {
      const width = 1 + Math.floor(random() * 5);
      const rows = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Array.from({ length: width }, () => pieces[Math.floor(random() * pieces.length)]!).join(','));
      const lines = rows.flatMap((row) => (random() < 0.2 ? ['', row] : [row]));
      const text = lines.join(trial % 2 === 0 ? '\n' : '\r\n') + (random() < 0.5 ? (trial % 2 === 0 ? '\n' : '\r\n') : '');
      const expected = (() => {
        try {
          return csvParse(text);
        } catch {
          return null;
        }
      })();
      const fast = splitPlainCsv(text);
      if (fast === null) continue;
      expect(fast).toEqual(expected);
      split++;
    }
    expect(split).toBeGreaterThan(250); // the fast path took nearly every one of these tables
  });

  it('declines quoted fields, mixed line endings, bare CR and rows of different lengths', () => {
    expect(splitPlainCsv('a,b\n"x,y",z\n')).toBeNull();
    expect(splitPlainCsv('a,b\r\n1,2\n3,4\n')).toBeNull();
    expect(splitPlainCsv('a,b\r1,2\r')).toBeNull();
    expect(splitPlainCsv('a,b\n1,2,3\n')).toBeNull();
    expect(splitPlainCsv('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('leaves the error for a short row to csv-parse, which names its line', () => {
    expect(() => parseCsvTable('task,model\nt,m\nt\n', 'x.csv')).toThrow('malformed CSV: expect 2, got 1 on line 3');
  });
});
