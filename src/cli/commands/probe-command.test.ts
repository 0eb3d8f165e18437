import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../test-support/run-cli.js';

const golden = readFileSync(new URL('../../tasks/probes/fixtures/golden-probes.jsonl', import.meta.url), 'utf8').split('\n');
let scratch = '';

const scalegap = (...args: string[]): CliResult => runCli(args, { cwd: scratch });

// Runs the built CLI (npm test builds it first; alone: npx tsc -p tsconfig.build.json).
describe('scalegap probe (built CLI)', () => {
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'scalegap-probe-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes the golden suite to standard output, one JSON object a line', () => {
    const mc = scalegap('probe', 'temporal', '--n', '10', '--seed', '42');
    expect(mc.status).toBe(0);
    expect(mc.stdout).toBe(`${golden.slice(30, 40).join('\n')}\n`);
    const free = scalegap('probe', 'temporal', '-n', '5', '--seed', '42', '--format', 'free');
    expect(free.stdout).toBe(`${golden.slice(40, 45).join('\n')}\n`);
    for (const line of mc.stdout.trimEnd().split('\n')) expect(JSON.parse(line)).toMatchObject({ type: 'temporal', seed: 42 });
  });

  it('honours --difficulty and writes --out atomically, with nothing on standard output', () => {
    const out = join(scratch, 'sub', 'pattern.jsonl');
    const result = scalegap('probe', 'pattern', '--n', '7', '--difficulty', '5', '--out', out);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('wrote 7 pattern items');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { difficulty: number; seed: number });
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).toMatchObject({ difficulty: 5, seed: 1 });
  });

  it('writes one file per type with all --out-dir, each the same as the single-type output', () => {
    const dir = join(scratch, 'suite');
    const result = scalegap('probe', 'all', '--n', '10', '--seed', '42', '--out-dir', dir);
    expect(result.status).toBe(0);
    ['pattern', 'knowledge', 'temporal', 'compositional'].forEach((type, i) => {
      expect(readFileSync(join(dir, `${type}.jsonl`), 'utf8')).toBe(`${golden.slice(15 * i, 15 * i + 10).join('\n')}\n`);
    });
  });

  it('exits 1 with the reason when the output cannot be written', () => {
    const blocker = join(scratch, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const result = scalegap('probe', 'pattern', '--out', join(blocker, 'x.jsonl'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*a-file\/x\.jsonl \((ENOTDIR|EEXIST)\)/);
  });

  it('lists the probe types', () => {
    const result = scalegap('probe', '--list');
    expect(result.status).toBe(0);
    for (const type of ['pattern', 'knowledge', 'temporal', 'compositional']) expect(result.stdout).toMatch(new RegExp(`^  ${type} `, 'm'));
  });

  it.each([
    [['probe', 'pattern', '--difficulty', '7'], /--difficulty must be 1, 2, 3, 4, 5 or mix/],
    [['probe', 'pattern', '--n', 'ten'], /--n must be a whole number/],
    [['probe', 'pattern', '--seed', '-3'], /--seed must be a whole number/],
    [['probe', 'pattern', '--format', 'xml'], /--format must be mc .* or free/],
    [['probe', 'riddles'], /unknown probe type "riddles"; expected one of pattern, knowledge, temporal, compositional/],
    [['probe'], /name a probe type/],
    [['probe', 'pattern', '--list'], /--list takes no probe type/],
    [['probe', 'pattern', '--colour'], /unknown option '--colour'/],
    [['probe', 'all'], /probe all writes one file per type: add --out-dir DIR/],
    [['probe', 'pattern', '--out-dir', 'somewhere'], /--out FILE or --out-dir DIR, not both/],
  ])('exits 2 with a clear message for %j', (args, message) => {
    const out = join(scratch, 'never.jsonl');
    const result = scalegap(...args, ...(args.includes('--list') ? [] : ['--out', out]));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});
