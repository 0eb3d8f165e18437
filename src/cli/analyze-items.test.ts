import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniformSource } from '../analysis/items/test-support/simulate-ladder.js';
import { runCli } from '../test-support/run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'scalegap-items-e2e-'));
const params = [70e6, 160e6, 410e6, 1e9, 2.8e9, 6.9e9];

/** Item results of two tasks on six sizes: one that improves, one that is flat; seeded. */
function writeItems(file: string, items = 400): void {
  const random = uniformSource(11);
  const lines: string[] = [];
  for (const [task, slope] of [['rising', 0.1], ['flat', 0]] as const) {
    const shifts = Array.from({ length: items }, () => (random() - 0.5) * 0.5);
    params.forEach((size, j) => {
      const base = 0.4 + slope * (Math.log10(size) - 7.85);
      for (let i = 0; i < items; i++) {
        const p = Math.min(0.97, Math.max(0.03, base + shifts[i]!));
        const correct = random() < p;
        lines.push(JSON.stringify({ task, model: `m-${j}`, params: size, item: `q${i}`, correct, confidence: Number(p.toFixed(4)), loss: -Math.log(correct ? p : (1 - p) / 3) }));
      }
    });
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const itemsFile = join(folder, 'items.jsonl');
writeItems(itemsFile);

interface JsonReport {
  tasks: Array<{
    task: string;
    slopeMethod: string;
    verdict: string;
    fits: Array<{ form: string; identified: boolean; predictedNextDecade: { estimate: number; low: number; high: number } | null; selected: boolean }>;
    slopes: { accuracy: { low: number; high: number; bootstrap: { low: number; high: number }; residual: { low: number; high: number } } };
    models: Array<{ items: number; calibration: Record<string, { estimate: number; low: number; high: number } | null> }>;
    recommendation: { action: string; evidence: Record<string, unknown> };
  }>;
  sources: Array<{ kind: string }>;
}

describe('scalegap analyze on item-level files', () => {
  it('reads an item results JSONL file, says so, and reports paired-bootstrap verdicts', () => {
    const result = runCli(['analyze', itemsFile, '--bootstrap', '300']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('item results (JSONL), 4800 rows');
    expect(result.stdout).toMatch(/rising\s+–\s+6\s+improving/);
    expect(result.stdout).toMatch(/flat\s+–\s+6\s+flat/);
  });

  it('writes the JSON contract: items, calibration with CIs, fits, slopeMethod, evidence', () => {
    const out = join(folder, 'report.json');
    const result = runCli(['analyze', itemsFile, '--bootstrap', '300', '--json', out]);
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
    expect(report.sources[0]!.kind).toBe('item results (JSONL)');
    const rising = report.tasks.find((task) => task.task === 'rising')!;
    expect(rising.slopeMethod).toBe('paired-bootstrap');
    expect(rising.models[0]!.items).toBe(400);
    const keys = ['gap', 'ece', 'eceEqualWidth', 'smoothEce', 'brier', 'brierReliability', 'brierResolution', 'brierUncertainty', 'nll', 'auroc', 'aurc', 'selectiveAccuracy50', 'selectiveAccuracy80'];
    expect(Object.keys(rising.models[0]!.calibration).sort()).toEqual([...keys, 'bins', 'perfectCalibration'].sort());
    for (const model of rising.models) {
      const bins = (model.calibration as unknown as { bins: Array<{ count: number }> }).bins;
      expect(bins).toHaveLength(10);
      expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(400);
      for (const key of keys) {
        const entry = model.calibration[key]!;
        expect(entry.low, key).toBeLessThanOrEqual(entry.estimate + 1e-12);
        expect(entry.high, key).toBeGreaterThanOrEqual(entry.estimate - 1e-12);
      }
    }
    const slope = rising.slopes.accuracy;
    expect(slope.high - slope.low).toBeCloseTo(Math.max(slope.bootstrap.high - slope.bootstrap.low, slope.residual.high - slope.residual.low), 12);
    expect(rising.fits.map((fit) => fit.form)).toEqual(['linear-log', 'sigmoid-log', 'power-law']);
    const chosen = rising.fits.find((fit) => fit.selected)!;
    expect(chosen.predictedNextDecade!.low).toBeLessThanOrEqual(chosen.predictedNextDecade!.estimate);
    expect(rising.recommendation.evidence.margin).toBe(0.03);
    expect(rising.recommendation.evidence.method).toBe('paired-bootstrap');
  });

  it('is reproducible for a seed and changes with the seed', () => {
    const run = (seed: string): string => runCli(['analyze', itemsFile, '--bootstrap', '200', '--seed', seed, '--json']).stdout;
    const first = run('5');
    expect(run('5')).toBe(first);
    expect(run('6')).not.toBe(first);
  });

  it('uses a cost table for the recommendation', () => {
    const costs = join(folder, 'costs.csv');
    writeFileSync(costs, `model,per_item\n${params.map((size, j) => `m-${j},${(size / 1e12).toFixed(6)}`).join('\n')}\n`);
    const report = JSON.parse(runCli(['analyze', itemsFile, '--bootstrap', '200', '--costs', costs, '--json']).stdout) as JsonReport;
    const evidence = report.tasks[0]!.recommendation.evidence;
    expect(evidence.costBasis).toBe('cost-table');
    expect((evidence.costs as Array<{ costPerCorrect: number }>).length).toBe(6);
  });

  it('reads lm-eval samples and Inverse Scaling CSVs found inside folders', () => {
    const lmEval = join(folder, 'lm-eval');
    const random = uniformSource(3);
    for (const size of ['70m', '410m', '1.4b']) {
      const dir = join(lmEval, `EleutherAI__pythia-${size}`);
      mkdirSync(dir, { recursive: true });
      const lines = Array.from({ length: 60 }, (_, doc) => JSON.stringify({ doc_id: doc, target: doc % 4, filtered_resps: [0, 1, 2, 3].map(() => [String(-1 - 3 * random()), 'False']) }));
      writeFileSync(join(dir, 'samples_hellaswag_2024-01-01T00-00-00.000001.jsonl'), `${lines.join('\n')}\n`);
      // a perplexity task's samples (one log-likelihood per document) and the run's results file
      writeFileSync(join(dir, 'samples_lambada_openai_2024-01-01T00-00-00.000001.jsonl'), `${JSON.stringify({ doc_id: 0, target: ' word', resps: [[['-2.5', 'True']]], filtered_resps: [['-2.5', 'True']] })}\n`);
      const accuracy = { '70m': 0.3, '410m': 0.45, '1.4b': 0.55 }[size]!;
      writeFileSync(join(dir, 'results_2024-01-01T00-00-00.000001.json'), JSON.stringify({
        results: { hellaswag: { 'acc,none': 0.99, 'acc_stderr,none': 0.01 }, lambada_openai: { 'acc,none': accuracy, 'acc_stderr,none': 0.007, 'perplexity,none': 30 - 10 * accuracy } },
        config: { model_args: `pretrained=EleutherAI/pythia-${size}` },
      }));
    }
    const isp = join(folder, 'isp', 'hindsight-neglect');
    mkdirSync(isp, { recursive: true });
    for (const model of ['gpt2', 'gpt2-medium', 'gpt2-large']) {
      writeFileSync(join(isp, `${model}.csv`), `index,loss\n${Array.from({ length: 50 }, (_, i) => `${i},${(0.2 + 1.2 * random()).toFixed(4)}`).join('\n')}\n`);
    }
    const result = runCli(['analyze', lmEval, join(folder, 'isp'), '--bootstrap', '200']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('lm-evaluation-harness samples');
    expect(result.stdout).toContain('Inverse Scaling Prize CSV');
    expect(result.stdout).toMatch(/hellaswag\s+pythia\s+3/);
    expect(result.stdout).toMatch(/lambada_openai\s+pythia\s+3/);
    expect(result.stdout).toContain('replaced by item-level data');
    expect(result.stdout).toContain('skipped: not multiple choice');
    expect(result.stdout.match(/^hellaswag\s+pythia/gm)).toHaveLength(1); // the item analysis replaced the aggregate row
    expect(result.stdout).toMatch(/hindsight-neglect\s+–\s+3/);
  });

  it('exits 2 naming file, line and field on bad item rows, writing nothing', () => {
    const bad = join(folder, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ task: 't', model: 'a', params: 1e8, item: 'q1', correct: 1, confidence: 0.4 })}\n${JSON.stringify({ task: 't', model: 'a', params: 1e8, item: 'q2', correct: 1, confidence: 85 })}\n`);
    const out = mkdtempSync(join(tmpdir(), 'scalegap-items-out-'));
    const result = runCli(['analyze', bad, '--json', join(out, 'r.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${bad}, line 2, field "confidence"`);
    expect(result.stderr).toContain('[0, 1]');
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(join(out, 'r.json'))).toBe(false);
  });

  it('falls back to aggregate statistics for unpaired models only when asked', () => {
    const unpaired = join(folder, 'unpaired.jsonl');
    const rows = [70e6, 410e6, 2.8e9].flatMap((size, j) => Array.from({ length: j === 1 ? 39 : 40 }, (_, i) => JSON.stringify({ task: 'u', model: `m${j}`, params: size, item: `q${i}`, correct: i % 3 === 0, confidence: 0.6 })));
    writeFileSync(unpaired, `${rows.join('\n')}\n`);
    const strict = runCli(['analyze', unpaired]);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain('"q39"');
    const lenient = runCli(['analyze', unpaired, '--allow-unpaired', '--json']);
    expect(lenient.status).toBe(0);
    const report = JSON.parse(lenient.stdout) as JsonReport & { tasks: Array<{ notes: string[] }> };
    expect(report.tasks[0]!.slopeMethod).toBe('aggregate');
    expect(report.tasks[0]!.notes[0]).toContain('not paired');
  });

  it('does not fail --fail-on inverse on a ladder where every model gets every item right (issue 12)', () => {
    const file = join(folder, 'all-right.jsonl');
    const rows = params.slice(0, 4).flatMap((size, j) => Array.from({ length: 50 }, (_, i) => JSON.stringify({ task: 'easy', model: `m-${j}`, params: size, item: `q${i}`, correct: true, confidence: 0.9 })));
    writeFileSync(file, `${rows.join('\n')}\n`);
    const result = runCli(['analyze', file, '--bootstrap', '200', '--json', '--fail-on', 'inverse,improving,decoupled']);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as JsonReport).tasks[0]!.verdict).toBe('flat');
  });

  it('adjusts verdicts across tasks by Holm, by BH with --fdr, not with --no-adjust, and rejects both at once', () => {
    const holm = JSON.parse(runCli(['analyze', itemsFile, '--bootstrap', '200', '--json']).stdout) as { adjustment: { method: string; tasksTested: number } };
    expect(holm.adjustment.method).toBe('holm');
    expect(holm.adjustment.tasksTested).toBe(2);
    expect((JSON.parse(runCli(['analyze', itemsFile, '--bootstrap', '200', '--json', '--fdr', '0.1']).stdout) as typeof holm).adjustment.method).toBe('bh');
    expect((JSON.parse(runCli(['analyze', itemsFile, '--bootstrap', '200', '--json', '--no-adjust']).stdout) as typeof holm).adjustment.method).toBe('none');
    const both = runCli(['analyze', itemsFile, '--fdr', '0.1', '--no-adjust']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--fdr and --no-adjust/);
  });
});
