import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../analysis/analyze.js';
import type { StoredRunResults } from '../store/read-item-results.js';
import { analyzeLabRun } from './analyze-lab-run.js';
import { labFigures, type LabFigures } from './lab-figure-check.js';
import { readLabManifest, type LabManifest } from './lab-manifest.js';
import { runLabHarness } from './run-lab-harness.js';
import { shippedLadderDir } from './shipped-ladder-dir.js';

// The ladder committed in lab/ladder: every GGUF is the file the manifest names, loads in node-llama-cpp (through
// the harness and the llama-cpp provider), reproduces the PyTorch figures the trainer recorded on every task, and
// tells the story docs/lab.md writes down — checked here on the shipped files, with the analysis users see.
describe('the shipped lab ladder', () => {
  const dir = shippedLadderDir();
  const storeDir = mkdtempSync(join(tmpdir(), 'scalegap-lab-store-'));
  let manifest: LabManifest;
  let stored: StoredRunResults;
  let figures: LabFigures[] = [];
  let analysis: AnalysisResult;

  beforeAll(async () => {
    manifest = readLabManifest(dir);
    const store = join(storeDir, 'lab.db');
    const run = await runLabHarness({ ladderDir: dir, manifest, taskNames: Object.keys(manifest.tasks), store });
    expect(run.summary.status).toBe('completed');
    expect(run.summary.errors).toBe(0);
    stored = run.stored;
    figures = labFigures(stored.items);
    // The item-level analysis `scalegap lab run` and `scalegap report` print (paired bootstrap over the items).
    analysis = await analyzeLabRun(store, stored, {});
  }, 1_200_000);

  afterAll(() => rmSync(storeDir, { recursive: true, force: true }));

  const task = (name: string) => analysis.tasks.find((result) => result.task === name)!;
  /** Sizes from smallest to largest, with the mean of the seeds' figures on a task. */
  const bySize = (name: string, metric: 'accuracy' | 'confidence'): number[] => {
    const params = [...new Set(manifest.models.map((model) => model.params))].sort((a, b) => a - b);
    return params.map((p) => {
      const rows = figures.filter((f) => f.task === name && f.params === p);
      return rows.reduce((sum, row) => sum + row[metric], 0) / rows.length;
    });
  };

  it('holds at least five sizes over 2.5 decades, three seeds each, all trained on one budget, in under 40 MB', () => {
    const sizes = new Map<string, { params: number; seeds: number }>();
    for (const model of manifest.models) {
      const size = sizes.get(model.size) ?? { params: model.params, seeds: 0 };
      size.seeds += 1;
      sizes.set(model.size, size);
      expect(model.budget.tokens, model.model).toBe(manifest.training.tokens_per_model);
      expect(model.budget.batch * model.budget.context, model.model).toBe(32 * 64);
    }
    expect(sizes.size).toBeGreaterThanOrEqual(5);
    for (const size of sizes.values()) expect(size.seeds).toBeGreaterThanOrEqual(3);
    const params = [...sizes.values()].map((size) => size.params);
    expect(Math.log10(Math.max(...params) / Math.min(...params))).toBeGreaterThanOrEqual(2.5);
    expect(Math.max(...params)).toBeGreaterThanOrEqual(1.3e6);
    expect(manifest.training.tokens_per_model).toBeGreaterThanOrEqual(5.99e6);
    const bytes = manifest.models.reduce((sum, model) => sum + statSync(join(dir, model.file)).size, 0);
    expect(bytes).toBeLessThan(40e6);
  });

  it('ships the files the manifest names, byte for byte', () => {
    for (const model of manifest.models) {
      const data = readFileSync(join(dir, model.file));
      expect(data.length).toBe(model.file_bytes);
      expect(createHash('sha256').update(data).digest('hex')).toBe(model.sha256);
    }
  });

  it('reproduces every manifest figure through node-llama-cpp', () => {
    let compared = 0;
    for (const model of manifest.models) {
      for (const [name, reference] of Object.entries(model.evaluation)) {
        const row = figures.find((f) => f.model === model.model && f.task === name);
        expect(row, `${model.model} ${name}`).toBeDefined();
        expect(row!.n).toBe(reference.n);
        expect(Math.abs(row!.accuracy - reference.accuracy), `${model.model} ${name} accuracy`).toBeLessThanOrEqual(1 / reference.n + 1e-9);
        expect(Math.abs(row!.loss - reference.loss), `${model.model} ${name} loss`).toBeLessThanOrEqual(1e-4);
        expect(Math.abs(row!.confidence - reference.confidence), `${model.model} ${name} confidence`).toBeLessThanOrEqual(1e-4);
        compared += 1;
      }
    }
    expect(compared).toBe(manifest.models.length * Object.keys(manifest.tasks).length);
  });

  // The claims docs/lab.md makes, as measured on these files (issue 16 asked for pattern >= 0.85 at the top and a
  // compositional slope interval below +5 pp per decade; the retrained ladder does not show either, and the docs say so).
  it('pattern and knowledge in the unseen phrasing improve; pattern reaches 0.6 at the top', () => {
    expect(task('pattern').verdict).toBe('improving');
    expect(bySize('pattern', 'accuracy').at(-1)).toBeGreaterThanOrEqual(0.6);
    expect(task('knowledge').verdict).toBe('improving');
    expect(task('knowledge').multiplicity!.unadjustedVerdict).toBe('improving');
  });

  it('compositional two-hop stays near chance while its overconfidence grows, though the same relations are memorised', () => {
    const compositional = task('compositional');
    for (const accuracy of bySize('compositional', 'accuracy')) expect(accuracy).toBeLessThan(0.3);
    expect(compositional.verdict).not.toBe('improving');
    expect(compositional.overconfidence).toBe('growing');
    const confidence = bySize('compositional', 'confidence');
    expect(confidence.at(-1)! - confidence[0]!).toBeGreaterThan(0.15);
    // Verbatim in training, from the middle rung up: the failure is generalisation, not memory.
    for (const diagnostic of ['compositional-seen', 'knowledge-seen']) {
      const seen = bySize(diagnostic, 'accuracy');
      expect(seen[2], diagnostic).toBeGreaterThanOrEqual(0.8);
      for (const accuracy of seen.slice(3)) expect(accuracy, diagnostic).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('temporal ordering is partly learned at the top rung only', () => {
    const temporal = bySize('temporal', 'accuracy');
    for (const accuracy of temporal.slice(0, 4)) expect(accuracy).toBeLessThan(0.3);
    expect(temporal.at(-1)).toBeGreaterThan(0.32);
    expect(task('temporal').slopes.accuracy!.estimate).toBeGreaterThan(0);
  });

  it('the shortcut trap draws the larger models below chance, with growing overconfidence; the override task scales', () => {
    const shortcut = task('shortcut');
    expect(shortcut.slopes.accuracy!.estimate).toBeLessThan(0);
    expect(shortcut.verdict).not.toBe('improving');
    expect(shortcut.overconfidence).toBe('growing');
    for (const accuracy of bySize('shortcut', 'accuracy').slice(3)) expect(accuracy).toBeLessThan(0.25);
    // A stated capital beats the remembered one at every size that reads it: no inverse scaling there.
    expect(task('override').verdict).toBe('improving');
    expect(bySize('override', 'accuracy').at(-1)).toBeGreaterThan(0.95);
  });

  it('answers to the three phrasings of a knowledge question agree less often as the models grow', () => {
    const brittleness = task('knowledge-phrasings').brittleness!;
    expect(brittleness.groups).toBe(100);
    expect(brittleness.kinds).toEqual(['group']);
    expect(brittleness.brittleness).toBe('growing');
    const consistency = brittleness.models.map((model) => model.consistency!.estimate);
    expect(consistency[0]! - consistency.at(-1)!).toBeGreaterThan(0.2);
  });
});
