import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTinyLlamaGguf } from '../../providers/llama-cpp/tiny-llama.js';
import { runCliAsync } from '../../test-support/run-cli-async.js';

const TYPES = ['pattern', 'knowledge', 'temporal', 'compositional'];
const ITEMS_PER_TASK = 8;

interface ReportJson {
  tasks: Array<{ task: string; verdict: string; models: Array<{ model: string; n: number }> }>;
}

describe('scalegap probe → scalegap run → scalegap report (built CLI, real GGUF models)', () => {
  it('runs a generated suite of each type on a 3-model ladder and analyses every task', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalegap-probe-run-'));
    const shapes = [{ embeddingLength: 16, headCount: 2 }, { embeddingLength: 32 }, { embeddingLength: 48, blockCount: 3, headCount: 6 }];
    for (const [index, shape] of shapes.entries()) await writeTinyLlamaGguf(join(dir, `m${index}.gguf`), { seed: 40 + index, contextLength: 640, ...shape });
    const probe = await runCliAsync(['probe', 'all', '--n', String(ITEMS_PER_TASK), '--seed', '3', '--out-dir', 'probes'], { cwd: dir });
    expect(probe.status).toBe(0);
    writeFileSync(join(dir, 'scalegap.yaml'), [
      'models:',
      '  - { id: m0, provider: llama-cpp, model: m0.gguf, params: 20k }',
      '  - { id: m1, provider: llama-cpp, model: m1.gguf, params: 60k }',
      '  - { id: m2, provider: llama-cpp, model: m2.gguf, params: 200k }',
      `tasks: [${TYPES.map((type) => `probes/${type}.jsonl`).join(', ')}]`,
      '',
    ].join('\n'));
    const run = await runCliAsync(['run', '-c', 'scalegap.yaml'], { cwd: dir });
    expect(run.stderr).toMatch(/model m0: confidence method option-logprobs/);
    expect(run.status).toBe(0);
    const report = await runCliAsync(['report', '--json'], { cwd: dir });
    expect(report.status).toBe(0);
    const tasks = (JSON.parse(report.stdout) as ReportJson).tasks;
    expect(tasks.map((task) => task.task).sort()).toEqual([...TYPES].sort());
    for (const task of tasks) {
      expect(task.models.map((model) => [model.model, model.n])).toEqual([['m0', ITEMS_PER_TASK], ['m1', ITEMS_PER_TASK], ['m2', ITEMS_PER_TASK]]);
      expect(task.verdict).toMatch(/^(improving|inverse|decoupled|flat|inconclusive|insufficient)$/);
    }
    const terminal = await runCliAsync(['report'], { cwd: dir });
    expect(terminal.status).toBe(0);
    for (const type of TYPES) expect(terminal.stdout).toMatch(new RegExp(`^${type}\\s`, 'm'));
  }, 300_000);
});
