import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import type { Forecast } from '../analysis/forecast/forecast-types.js';

// End to end on the built CLI (npm run build first).
const pythia = fileURLToPath(new URL('../analysis/forecast/fixtures/pythia-to-2.8b.csv', import.meta.url));
const scratch = (): string => mkdtempSync(join(tmpdir(), 'scalegap-forecast-'));

describe('scalegap analyze --forecast', () => {
  it.each(['', ',', '70x', '70b@', '70b@3t@1', '-5b', '0', '70b,,405b', '@15t'])('bad --forecast "%s" exits 2 with one clear line and writes nothing', (flag) => {
    const out = scratch();
    const result = runCli(['analyze', pythia, '--forecast', flag, '--json', join(out, 'report.json')]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--forecast');
    expect(lines[0]).toContain('70b');
    expect(existsSync(join(out, 'report.json'))).toBe(false);
  });

  it('scalegap report checks --forecast before opening the store', () => {
    const result = runCli(['report', '--db', join(scratch(), 'none.db'), '--forecast', '70x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--forecast: "70x" is not a size');
  });

  it('forecasts the Pythia ladder at 6.9B and 12B: JSON, terminal and Markdown', () => {
    const json = runCli(['analyze', pythia, '--forecast', '6857302016,12b@300b', '--json']);
    expect(json.status).toBe(0);
    const tasks = (JSON.parse(json.stdout) as { tasks: Array<{ task: string; forecasts: Forecast[]; forecastNote: string | null; power: Record<string, unknown> | null }> }).tasks;
    const lambada = tasks.find((task) => task.task === 'lambada_openai')!;
    expect(lambada.forecasts.map((f) => [f.params, f.tokens, f.method])).toEqual([[6857302016, null, 'chained'], [12e9, 300e9, 'chained']]);
    const [first] = lambada.forecasts;
    expect(first!.accuracy.low).toBeLessThan(first!.accuracy.estimate);
    expect(first!.accuracy.high).toBeGreaterThan(first!.accuracy.estimate);
    expect(first!.loss!.estimate).toBeGreaterThan(0);
    expect(first!.fit.loss).toEqual(expect.objectContaining({ E: expect.any(Number), A: expect.any(Number), alpha: expect.any(Number) }));
    expect(first!.backtest).toEqual(expect.objectContaining({ heldOut: ['pythia-2.8b'], covered: true }));
    expect(first!.flagged).toBe(false);
    const arc = tasks.find((task) => task.task === 'arc_easy')!;
    expect(arc.forecasts[0]!.method).toBe('direct');
    expect(arc.forecasts[0]!.loss).toBeNull();
    const wsc = tasks.find((task) => task.task === 'wsc')!;
    expect(wsc.forecasts).toEqual([]);
    expect(wsc.forecastNote).toContain('does not rise');
    expect(wsc.power).toEqual(expect.objectContaining({ minimumDetectableSlope: expect.any(Number), itemsNeeded: null, sizesNeeded: null, settles: null, note: expect.stringContaining('neither more items') }));
    const terminal = runCli(['analyze', pythia, '--forecast', '6857302016']);
    expect(terminal.stdout).toMatch(/lambada_openai · Pythia at 6\.86B: accuracy \d+\.\d% \[\d+\.\d, \d+\.\d\] \(90% prediction interval\), task loss .* chained; back-test at 2\.78B/);
    expect(terminal.stdout).toContain('wsc · Pythia: no forecast');
    // (winogrande joins wsc once the Holm adjustment across the 9 tasks demotes it)
    expect(terminal.stdout).toMatch(/What would settle the inconclusive tasks:\n( {2}.*\n)* {2}wsc · Pythia: Power: minimum detectable slope/);
    const markdown = runCli(['analyze', pythia, '--forecast', '6857302016', '--md']);
    expect(markdown.stdout).toContain('**Forecasts**');
    expect(markdown.stdout).toMatch(/Power: minimum detectable slope/);
  });

  it('reads a tokens column and rejects a bad one naming file, line and field', () => {
    const dir = scratch();
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'task,model,params,tokens,accuracy\nt,a,1b,20b,0.3\nt,b,3b,60b,0.4\nt,c,7b,4t,0.5\n');
    const read = runCli(['analyze', good, '--json']);
    expect(read.status).toBe(0);
    expect((JSON.parse(read.stdout) as { tasks: Array<{ models: Array<{ tokens: number }> }> }).tasks[0]!.models.map((m) => m.tokens)).toEqual([20e9, 60e9, 4e12]);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'task,model,params,tokens,accuracy\nt,a,1b,20b,0.3\nt,b,3b,lots,0.4\n');
    const result = runCli(['analyze', bad]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.csv.*line 3.*tokens/);
  });
});

describe('scalegap analyze --forecast on item files', () => {
  it('reads tokens from item rows, forecasts from per-model item figures, and rejects bad tokens', () => {
    const dir = scratch();
    const sizes = [70e6, 160e6, 410e6, 1e9, 1.4e9, 2.8e9];
    const rows = sizes.flatMap((params, j) => Array.from({ length: 40 }, (_, i) => {
      const p = 0.3 + 0.07 * j;
      return JSON.stringify({ task: 't', model: `m${j}`, params, tokens: '300b', item: i, correct: (i * 0.6180339) % 1 < p, confidence: 0.5, loss: 2.5 - 0.25 * j + (i % 3) * 0.01 });
    }));
    const good = join(dir, 'items.jsonl');
    writeFileSync(good, `${rows.join('\n')}\n`);
    const result = runCli(['analyze', good, '--forecast', '12b', '--bootstrap', '200', '--json']);
    expect(result.status).toBe(0);
    const task = (JSON.parse(result.stdout) as { tasks: Array<{ slopeMethod: string; models: Array<{ tokens: number }>; forecasts: Forecast[] }> }).tasks[0]!;
    expect(task.slopeMethod).toBe('paired-bootstrap');
    expect(task.models.map((m) => m.tokens)).toEqual(sizes.map(() => 300e9));
    expect(task.forecasts[0]!.method).toBe('chained');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${rows[0]}\n${rows[1]!.replace('"300b"', '"many"')}\n`);
    const failed = runCli(['analyze', bad]);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/bad\.jsonl.*line 2.*tokens/);
  });
});

describe('scalegap plan', () => {
  it('answers how many items tell 1b,3b,8b,70b apart at 3 pp per decade', () => {
    const result = runCli(['plan', '--models', '1b,3b,8b,70b', '--effect', '3pp', '--accuracy', '0.6', '--json']);
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout) as Record<string, number>;
    expect(plan.sizes).toBe(4);
    expect(plan.itemsForTrend).toBeGreaterThan(plan.itemsTextbook!);
    const text = runCli(['plan', '--models', '1b,3b,8b,70b', '--effect', '3pp', '--accuracy', '0.6']);
    expect(text.stdout).toContain(`${plan.itemsForTrend} items per model`);
  });

  it.each([
    [['--models', '1b,3b', '--effect', '3pp'], '--models'],
    [['--models', '1b,3b,zz', '--effect', '3pp'], '"zz"'],
    [['--models', '1b,3b,8b', '--effect', '300pp'], '--effect'],
    [['--models', '1b,3b,8b', '--effect', '3pp', '--accuracy', '60'], '--accuracy'],
    [['--models', '1b,3b,8b'], '--effect'],
  ])('bad plan flags %j exit 2', (args, expected) => {
    const result = runCli(['plan', ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(expected);
  });
});
