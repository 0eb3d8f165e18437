import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';

// `scalegap lab run` end to end, through the built CLI and the shipped ladder.
describe('scalegap lab run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalegap-lab-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('evaluates the shipped ladder on a task and reports it with the lab provenance', () => {
    const result = runCli(['lab', 'run', '--tasks', 'pattern', '--json', '--quiet'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      tasks: Array<{ task: string; family: string; models: Array<{ params: number }>; verdict: string }>;
      sources: Array<{ kind: string; note: string; rows: number }>;
    };
    expect(report.tasks.map((task) => task.task)).toEqual(['pattern']);
    const pattern = report.tasks[0]!;
    expect(pattern.family).toBe('scalegap-lab');
    const sizes = new Set(pattern.models.map((model) => model.params));
    expect(pattern.models.length).toBe(3 * sizes.size);
    expect(report.sources[0]!.kind).toMatch(/scalegap lab: \d+ tiny llama models \(\d+ sizes × 3 seeds as replicates\)/);
    expect(report.sources[0]!.rows).toBe(100 * pattern.models.length);
    expect(report.sources[0]!.note).toMatch(/max \|Δ\| vs PyTorch: accuracy 0\.0[01]\d/);
    expect(report.sources[0]!.note).toContain(`stored as run 1 in ${join(dir, 'scalegap-lab.db')}`);

    // Stored like any run: scalegap report reads it back, and a second lab run is answered from the cache.
    const stored = runCli(['report', '--db', join(dir, 'scalegap-lab.db'), '--json'], { cwd: dir });
    expect(stored.status).toBe(0);
    const storedReport = JSON.parse(stored.stdout) as { tasks: Array<{ task: string; verdict: string; slopes: unknown }> };
    expect(storedReport.tasks.map((task) => [task.task, task.verdict, task.slopes])).toEqual(report.tasks.map((task) => [task.task, task.verdict, (task as unknown as { slopes: unknown }).slopes]));
    const again = runCli(['lab', 'run', '--tasks', 'pattern', '--json', '--quiet'], { cwd: dir });
    expect(again.status).toBe(0);
    const againNote = (JSON.parse(again.stdout) as { sources: Array<{ note: string }> }).sources[0]!.note;
    expect(againNote).toContain(`stored as run 2 in ${join(dir, 'scalegap-lab.db')} (${100 * pattern.models.length} from cache)`);
  }, 600_000);

  it('names the missing manifest and exits 2 for a folder that is not a ladder', () => {
    const result = runCli(['lab', 'run', '--ladder', dir], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(dir, 'manifest.json'));
    expect(result.stdout).toBe('');
  });

  it('names the field of a broken manifest', () => {
    writeFileSync(join(dir, 'manifest.json'), '{"lab": "x", "format": 1}');
    const result = runCli(['lab', 'run', '--ladder', dir], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/manifest\.json.*corpus/s);
  });

  it('refuses an unknown task, naming the ones the lab has', () => {
    const result = runCli(['lab', 'run', '--tasks', 'nope'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the lab has no task "nope"');
    expect(result.stderr).toContain('pattern');
  });
});
