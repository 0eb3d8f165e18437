import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { startCli } from '../test-support/run-cli-async.js';
import { sharedPath } from '../test-support/shared-path.js';

const fixture = (...parts: string[]): string => fileURLToPath(new URL(`./fixtures/${parts.join('/')}`, import.meta.url));
const scratch = (): string => mkdtempSync(join(tmpdir(), 'scalegap-analyze-'));
const badCases = JSON.parse(readFileSync(fixture('bad-input', 'cases.json'), 'utf8')) as Array<{ file: string; expect: string[] }>;

describe('scalegap analyze: bad input', () => {
  it.each(badCases.map((c) => [c.file, c.expect] as const))('%s exits 2 with one clear line and writes nothing', (file, expected) => {
    const out = scratch();
    const result = runCli(['analyze', fixture('bad-input', file), '--md', join(out, 'report.md'), '--json', join(out, 'report.json')]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    for (const piece of expected) expect(lines[0]).toContain(piece);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });

  it('rejects unknown flags and bad flag values with exit 2', () => {
    expect(runCli(['analyze', '--no-such-flag']).status).toBe(2);
    const badVerdict = runCli(['analyze', '--fail-on', 'doomed']);
    expect(badVerdict.status).toBe(2);
    expect(badVerdict.stderr).toContain('unknown verdict "doomed"');
    expect(runCli(['analyze', '--delta', '5']).status).toBe(2);
    expect(runCli(['analyze', '--metric', 'f1']).status).toBe(2);
  });
});

describe('scalegap analyze: the embedded demo', () => {
  it('analyses the notebook examples and the Pythia results, naming the source and licence', () => {
    const result = runCli(['analyze']);
    expect(result.status).toBe(0);
    for (const task of ['Pattern Completion', 'Knowledge Retrieval', 'Temporal Reasoning', 'Compositional', 'lambada_openai', 'logiqa', 'mmlu_avg57_derived']) {
      expect(result.stdout).toContain(task);
    }
    expect(result.stdout).toContain('EleutherAI/pythia');
    expect(result.stdout).toContain('Apache-2.0');
    expect(result.stdout).not.toContain('\u001b[');
    expect(runCli(['demo']).stdout).toBe(result.stdout);
  });

  it('prints the JSON contract, with the notebook numbers and null where nothing can be computed', () => {
    const result = runCli(['analyze', '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { schemaVersion: number; tasks: Array<Record<string, unknown>> };
    expect(report.schemaVersion).toBe(1);
    const pattern = report.tasks.find((task) => task.task === 'Pattern Completion')!;
    expect(Object.keys(pattern)).toEqual(expect.arrayContaining(['task', 'family', 'models', 'notebook', 'slopes', 'verdict', 'overconfidence', 'nonMonotonic', 'angleDeg', 'recommendation']));
    const notebook = pattern.notebook as Record<string, unknown>;
    expect(notebook.ccg as number).toBeCloseTo(-0.05722, 5);
    expect(notebook.interpretation).toBe('Mild pathology: Some scaling issues');
    expect(Object.keys(pattern.slopes as object).sort()).toEqual(['accuracy', 'confidence', 'gap', 'loss']);
    expect((pattern.slopes as Record<string, unknown>).confidence).toBeNull();
    const model = (pattern.models as Array<Record<string, unknown>>)[0]!;
    expect(model).toMatchObject({ model: 'model-1B', params: 1e9, accuracy: 0.6, loss: 3, confidence: null, n: null });
    const logiqa = report.tasks.find((task) => task.task === 'logiqa')!;
    expect(logiqa.notebook).toBeNull();
    expect(Object.keys(logiqa.recommendation as object)).toEqual(expect.arrayContaining(['action', 'model', 'reason']));
  });

  it('writes Markdown to a file and the terminal report to stdout', () => {
    const out = join(scratch(), 'nested', 'report.md');
    const result = runCli(['analyze', '--md', out]);
    expect(result.status).toBe(0);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toMatch(/^# scalegap report/);
    expect(markdown).toContain('| Pattern Completion |');
    expect(result.stdout).toContain('VERDICT');
  });
});

describe('scalegap analyze: inputs', () => {
  it('parses a BOM, CRLF line ends and quoted fields with commas', () => {
    const result = runCli(['analyze', fixture('good-input', 'bom-crlf-quoted.csv'), '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { tasks: Array<{ task: string; models: unknown[]; verdict: string }> };
    expect(report.tasks.map((task) => task.task)).toEqual(['qa, hard']);
    expect(report.tasks[0]!.models).toHaveLength(4);
  });

  it('exits 3 when --fail-on matches, and says which task', () => {
    const result = runCli(['analyze', fixture('good-input', 'inverse.json'), '--fail-on', 'decoupled,inverse']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('hindsight: inverse');
    expect(runCli(['analyze', fixture('good-input', 'inverse.json'), '--fail-on', 'flat']).status).toBe(0);
  });

  it('reads a folder of lm-eval v0.3 result files (the published Pythia results)', () => {
    const shared = sharedPath('data/pythia/lm-eval-results');
    const result = runCli(['analyze', shared, '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { tasks: Array<{ task: string; family: string; models: Array<{ model: string; params: number; accuracy: number; loss: number | null }> }> };
    const lambada = report.tasks.find((task) => task.task === 'lambada_openai')!;
    expect(lambada.family).toBe('pythia-v1.1');
    expect(lambada.models.map((m) => m.params)).toEqual([70e6, 160e6, 410e6, 1e9, 1.4e9, 2.8e9, 6.9e9, 12e9]);
    const raw = JSON.parse(readFileSync(join(shared, '70m_step143000.json'), 'utf8')) as { results: Record<string, Record<string, number>> };
    expect(lambada.models[0]!.accuracy).toBe(raw.results.lambada_openai!.acc);
    expect(lambada.models[0]!.loss).toBeCloseTo(Math.log(raw.results.lambada_openai!.ppl!), 12);
    expect(report.tasks.some((task) => task.task.startsWith('crows_pairs'))).toBe(false);
  });

  it('reads the current lm-eval layout, picks acc_norm with --metric, and takes sizes from --params', () => {
    const dir = scratch();
    const paramsFile = join(dir, 'params.csv');
    writeFileSync(paramsFile, 'model,params\npythia-160m,162322944\nEleutherAI/pythia-410m,405334016\npythia-1.4b,1414647808\n');
    const result = runCli(['analyze', fixture('lm-eval-current'), '--metric', 'acc_norm', '--params', paramsFile, '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { tasks: Array<{ task: string; models: Array<{ params: number; accuracy: number; n: number; loss: number | null }> }> };
    const arc = report.tasks.find((task) => task.task === 'arc_easy')!;
    expect(arc.models.map((m) => m.params)).toEqual([162322944, 405334016, 1414647808]);
    expect(arc.models.map((m) => m.accuracy)).toEqual([0.401, 0.452, 0.54]);
    expect(arc.models[0]!.n).toBe(2376);
    const lambada = report.tasks.find((task) => task.task === 'lambada_openai')!;
    expect(lambada.models[0]!.loss).toBeCloseTo(Math.log(30), 12);
  });

  it('analyses each family of a task separately (the published long-form table)', () => {
    const result = runCli(['analyze', sharedPath('data/pythia/pythia_tidy.csv'), '--json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { tasks: Array<{ task: string; family: string }> };
    const families = new Set(report.tasks.filter((task) => task.task === 'piqa').map((task) => task.family));
    expect(families).toEqual(new Set(['BLOOM', 'OPT', 'Pythia 0-shot', 'Pythia 5-shot', 'Pythia-deduped 0-shot', 'Pythia-deduped 5-shot']));
  });
});

describe('scalegap analyze: a reader that stops early', () => {
  it('ends quietly with the SIGPIPE status when stdout is closed (analyze | head)', async () => {
    const { child, done } = startCli(['analyze']);
    // closed before the report is written, as by a `head` that has already read enough: every write fails with EPIPE
    child.stdout!.destroy();
    const result = await done;
    expect(result.stderr).toBe('');
    expect(result.status).toBe(141);
  });
});
