import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the package as a library', () => {
  it('is importable by name and analyses measurements', () => {
    const script = `
      import { analyze, readMeasurements, renderJsonReport } from 'scalegap';
      const rows = [1, 3, 7, 13, 70].map((size, i) => ({ task: 'qa', family: null, model: 'm' + size, params: size * 1e9,
        accuracy: [0.6, 0.7, 0.8, 0.88, 0.95][i], accuracyPct: [60, 70, 80, 88, 95][i], loss: [3, 2.5, 2, 1.5, 1][i],
        confidence: null, confidencePct: null, n: 500, accuracySe: null, lossSe: null, chance: null, costPerMTok: null, source: null }));
      const result = analyze(rows);
      console.log(JSON.stringify({ verdict: result.tasks[0].verdict, ccg: result.tasks[0].notebook.ccg, reader: typeof readMeasurements, json: typeof renderJsonReport }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const output = JSON.parse(child.stdout) as { verdict: string; ccg: number; reader: string; json: string };
    expect(output.verdict).toBe('improving');
    expect(output.ccg).toBeCloseTo(-0.05722, 5);
    expect(output.reader).toBe('function');
    expect(output.json).toBe('function');
  });
});
