import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunFixture } from '../runner/test-support/write-run-fixture.js';
import { runCli } from '../test-support/run-cli.js';
import { writeStore } from './test-support/write-store.js';

/** A model line with one field replaced. */
const model = (fields: string): string => `  - { id: m, provider: openai, model: x, params: 1b, ${fields} }`;

/** Exit 2, exactly one line on stderr that names the problem, no stack trace, nothing on stdout. */
function expectOneLineError(result: ReturnType<typeof runCli>, pattern: RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).toMatch(pattern);
}

describe('bad input: exit 2, one line, nothing partial (built CLI)', () => {
  it.each([
    ['a YAML alias bomb', (dir: string) => {
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let level = 1; level < 9; level++) levels.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
      writeFileSync(join(dir, 'scalegap.yaml'), `${levels.join('\n')}\nmodels: *i\n`);
    }, /scalegap\.yaml: not a usable YAML document: Excessive alias count/],
    ['store: a text file', (dir: string) => {
      writeFileSync(join(dir, 'notes.txt'), 'not a database at all, just some text that is long enough to be read as a header\n'.repeat(20));
      writeFileSync(join(dir, 'scalegap.yaml'), `models:\n${model('baseUrl: "http://127.0.0.1:9/v1"')}\ntasks: [task.jsonl]\nstore: notes.txt\n`);
    }, /notes\.txt.*is not a scalegap store \(not an SQLite database\)/],
    ['a file: base URL', (dir: string) => writeFileSync(join(dir, 'scalegap.yaml'), `models:\n${model('baseUrl: "file:///etc/passwd"')}\ntasks: [task.jsonl]\n`),
      /models\[0\]\.baseUrl.*expected an http:\/\/ or https:\/\/ URL/],
    ['a javascript: base URL', (dir: string) => writeFileSync(join(dir, 'scalegap.yaml'), `models:\n${model('baseUrl: "javascript:alert(1)"')}\ntasks: [task.jsonl]\n`),
      /expected an http:\/\/ or https:\/\/ URL/],
    ['a llama-cpp model that is not a GGUF', (dir: string) => {
      writeFileSync(join(dir, 'model.gguf'), 'this is a text file\n');
      writeFileSync(join(dir, 'scalegap.yaml'), 'models:\n  - { id: m, provider: llama-cpp, model: model.gguf, params: 1b }\ntasks: [task.jsonl]\n');
    }, /model\.gguf is not a GGUF model file/],
    ['a FIFO as a task file', (dir: string) => {
      execFileSync('mkfifo', [join(dir, 'fifo.jsonl')]);
      writeFileSync(join(dir, 'scalegap.yaml'), `models:\n${model('baseUrl: "http://127.0.0.1:9/v1"')}\ntasks: [fifo.jsonl]\n`);
    }, /fifo\.jsonl: the task path is a folder or special file/],
    ['/dev/zero as a task file', (dir: string) => writeFileSync(join(dir, 'scalegap.yaml'), `models:\n${model('baseUrl: "http://127.0.0.1:9/v1"')}\ntasks: [/dev/zero]\n`),
      /\/dev\/zero: the task path is a folder or special file/],
    ['timeoutMs beyond the timer limit', (dir: string) => writeFileSync(join(dir, 'scalegap.yaml'), `models:\n${model('baseUrl: "http://127.0.0.1:9/v1"')}\ntasks: [task.jsonl]\ntimeoutMs: 3000000000\n`),
      /line 4, timeoutMs, field "timeoutMs": at most 2147483647 ms/],
    ['samples: 1e8', (dir: string) => writeFileSync(join(dir, 'scalegap.yaml'), `models:\n${model('baseUrl: "http://127.0.0.1:9/v1"')}\ntasks: [task.jsonl]\nsamples: 1e8\n`),
      /field "samples": Too big/],
  ])('scalegap run with %s', (_name, write, pattern) => {
    const { dir, config } = writeRunFixture({ items: 2 });
    write(dir);
    const before = readdirSync(dir).sort();
    expectOneLineError(runCli(['run', '-c', config], { cwd: dir }), pattern);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('scalegap report --db on a text file', () => {
    const { dir } = writeRunFixture({ items: 1 });
    writeFileSync(join(dir, 'runs.txt'), 'hello\n'.repeat(200));
    expectOneLineError(runCli(['report', '--db', 'runs.txt'], { cwd: dir }), /runs\.txt.*is not a scalegap store/);
  });

  it('scalegap report --json naming a folder writes no report at all (not even the HTML one)', () => {
    const store = writeStore();
    const dir = join(store, '..');
    mkdirSync(join(dir, 'out.json'));
    expectOneLineError(runCli(['report', '--db', store, '--html', 'report.html', '--md', 'report.md', '--json', 'out.json'], { cwd: dir }),
      /cannot write out\.json: it is a folder or special file/);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    expect(existsSync(join(dir, 'report.md'))).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
