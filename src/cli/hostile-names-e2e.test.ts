import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScalegapError } from '../core/errors.js';
import { runCli } from '../test-support/run-cli.js';
import { handleCliError } from './handle-error.js';
import { createRunReporter } from './run-reporter.js';

const NAMES = ['![img](http://evil.example/x.png)', 'pipe|name\rcr', 'line\u2028sep', 'esc\u001b[31mred\u001b]0;title\u0007', 'fence```x', 'plain'];
const PARAMS = [70e6, 160e6, 410e6, 1e9, 2.8e9, 6.9e9];
/** Escape, CR, LS/PS and the other characters a name must not carry into a terminal or a table. */
// eslint-disable-next-line no-control-regex -- the characters under test
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/** Cells of a Markdown table row: split on pipes without a backslash before them. */
const cellCount = (line: string): number => line.split(/(?<!\\)\|/).length;

describe('hostile names (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-names-'));
  const lines: string[] = [];
  NAMES.forEach((model, j) => {
    for (let i = 0; i < 60; i++) {
      const correct = (i * 7 + j * 13) % 10 < 3 + j;
      lines.push(JSON.stringify({ task: 'task\u2028two|\r![t](http://evil.example/t.png)', model, params: PARAMS[j], item: `q${i}`, correct, confidence: 0.6, loss: 1 }));
    }
  });
  writeFileSync(join(dir, 'items.jsonl'), `${lines.join('\n')}\n`);

  it('charts render, every Markdown table keeps its columns, nothing renders live, the terminal gets no escape sequence', () => {
    const result = runCli(['analyze', 'items.jsonl', '--md', 'out.md', '--charts', 'charts', '--bootstrap', '200', '--verbose'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(join(dir, 'charts')).length).toBeGreaterThan(3);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain('task\\u2028two|\\u000d');
    const markdown = readFileSync(join(dir, 'out.md'), 'utf8');
    expect(markdown).not.toMatch(RAW_CONTROL);
    // outside the fenced JSON evidence (which does not render), no image syntax survives unescaped
    expect(markdown.replace(/```json\n[^`]*\n```/g, '')).not.toMatch(/(?<!\\)!\[(img|t)\]/);
    expect(markdown.match(/```/g)).toHaveLength(2 * (markdown.match(/```json/g)?.length ?? 0)); // only the fences of the evidence blocks
    const tableLines = markdown.split('\n');
    for (let index = 0; index < tableLines.length; index++) {
      if (!/^\|---/.test(tableLines[index]!)) continue;
      const columns = cellCount(tableLines[index - 1]!);
      for (let row = index + 1; tableLines[row]?.startsWith('|'); row++) expect(cellCount(tableLines[row]!)).toBe(columns);
    }
  }, 120_000);

  it('errors and run progress lines show escape sequences as text', () => {
    let printed = '';
    handleCliError(new ScalegapError('PROVIDER_FAILED', 'server said \u001b[2J\u001b]0;pwned\u0007 gone'), (line) => (printed += line));
    expect(printed).toBe('scalegap: server said \\u001b[2J\\u001b]0;pwned\\u0007 gone\n');
    let written = '';
    const stream = { write: (text: string) => { written += text; return true; } } as unknown as NodeJS.WriteStream;
    const reporter = createRunReporter(stream, { tty: false });
    reporter.onEvent({ type: 'probe-failed', modelId: 'm\u001b[31m', reason: 'HTTP 500: \u001b[1moops\r' });
    reporter.close();
    expect(written).toBe('model m\\u001b[31m: HTTP 500: \\u001b[1moops\\u000d; its items are recorded as errors (retry with --retry-errors)\n');
  });
});
