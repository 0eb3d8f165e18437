import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, runCli } from '../test-support/run-cli.js';
import { writeStore } from './test-support/write-store.js';

/** Starts `scalegap view` and resolves with the URL it prints. */
function startView(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI_PATH, 'view', ...args], { stdio: 'pipe' });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /(http:\/\/\S+\/)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`view exited (${code}) early: ${output}`)));
  });
}

describe('scalegap view', () => {
  it('serves the stored runs on 127.0.0.1 and stops cleanly on SIGINT', async () => {
    const db = writeStore();
    const { child, url, output } = await startView(['--db', db, '--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(url);
    expect(index.status).toBe(200);
    const indexHtml = await index.text();
    expect(indexHtml).toContain('href="/runs/1"');
    const report = await fetch(new URL('/runs/1', url));
    expect(report.status).toBe(200);
    expect(report.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    const html = await report.text();
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('<img src=x');
    const json = (await (await fetch(new URL('/runs/1/analysis.json', url))).json()) as { tasks: Array<{ task: string; verdict: string }> };
    expect(json.tasks.map((task) => task.task).sort()).toEqual(['<img src=x onerror=alert(1)>', 'rising']);
    expect((await fetch(new URL('/runs/2', url))).status).toBe(404);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(output()).toContain('stopped');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('leaves loopback only for an explicit --host, and warns when it does', async () => {
    const db = writeStore();
    const { child, url, output } = await startView(['--db', db, '--port', '0', '--host', '0.0.0.0']);
    expect(url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
    const port = new URL(url).port;
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    expect(output()).toContain('not on loopback');
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('scalegap report writes the same HTML report and charts for a stored run', () => {
    const db = writeStore();
    const out = mkdtempSync(join(tmpdir(), 'scalegap-report-html-'));
    const result = runCli(['report', '--db', db, '--html', join(out, 'run.html'), '--md', join(out, 'run.md'), '--charts', join(out, 'charts')]);
    expect(result.status, result.stderr).toBe(0);
    const html = readFileSync(join(out, 'run.html'), 'utf8');
    expect(html).toContain('<section id="task-1"');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(readdirSync(join(out, 'charts'))).toContain('task-grid.png');
    expect(readFileSync(join(out, 'run.md'), 'utf8')).toContain('](charts/task-grid.png)');
  });

  it('refuses bad flags and a missing store with exit 2', () => {
    expect(runCli(['view', '--db', join(tmpdir(), 'no-such-store.db')]).status).toBe(2);
    expect(runCli(['view', '--port', '70000']).status).toBe(2);
    expect(runCli(['view', '--port', 'http']).status).toBe(2);
  });
});
