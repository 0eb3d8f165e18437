import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChoiceItem } from '../core/task.js';
import { openStore } from '../store/open-store.js';
import { emptyResultRow } from '../store/result-row.js';
import { ResultsRepository } from '../store/results-repository.js';
import { CLI_PATH, runCli } from '../test-support/run-cli.js';

/**
 * A real SQLite store with one finished run: 3 models × 2 tasks × 60 four-choice items, accuracy
 * rising with size on one task and flat on the other (seeded, deterministic), one task named with
 * an XSS payload.
 */
function writeStore(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scalegap-view-')), 'runs.db');
  const db = openStore(file);
  const repository = new ResultsRepository(db);
  const runId = repository.createRun('ladder.yaml', '{}');
  const models = [
    { modelId: 'small', params: 7e7 },
    { modelId: 'medium', params: 1e9 },
    { modelId: 'large', params: 1.2e10 },
  ];
  for (const model of models) repository.saveModel(runId, { ...model, provider: 'llama-cpp', model: model.modelId, family: 'tiny', baseUrl: null, method: 'option-logprobs', capabilitiesJson: null });
  const tasks = ['rising', '<img src=x onerror=alert(1)>'];
  const items: ChoiceItem[] = Array.from({ length: 60 }, (_, i) => ({ kind: 'choice', id: `q${i}`, question: `q${i}?`, choices: ['a', 'b', 'c', 'd'], answer: 0 }));
  repository.saveTasks(runId, tasks.map((name) => ({ name, items })));
  tasks.forEach((task, t) => {
    models.forEach((model, m) => {
      const correctUpTo = t === 0 ? 20 + 15 * m : 30;
      items.forEach((item, i) => {
        const correct = i < correctUpTo;
        repository.writeResult(runId, { ...emptyResultRow({ modelId: model.modelId, task, itemId: item.id, sample: 0 }, 'ok'), correct, chosen: correct ? 0 : 1, confidence: 0.5 + 0.1 * m, method: 'option-logprobs', loss: correct ? 0.7 : 1.6, attempts: 1 });
      });
    });
  });
  repository.setRunStatus(runId, 'completed');
  db.close();
  return file;
}

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
