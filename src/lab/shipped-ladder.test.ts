import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../analysis/analyze.js';
import { analyzeItems } from '../analysis/items/analyze-items.js';
import { ItemLadderCollector } from '../analysis/items/item-ladder.js';
import type { StoredRunResults } from '../store/read-item-results.js';
import { labFigures, type LabFigures } from './lab-figure-check.js';
import { readLabManifest, type LabManifest } from './lab-manifest.js';
import { runLabHarness } from './run-lab-harness.js';
import { shippedLadderDir } from './shipped-ladder-dir.js';

// The ladder committed in lab/ladder: every GGUF is the file the manifest names, loads in node-llama-cpp (through
// the harness and the llama-cpp provider) and reproduces the PyTorch figures the trainer recorded, on every task.
describe('the shipped lab ladder', () => {
  const dir = shippedLadderDir();
  const storeDir = mkdtempSync(join(tmpdir(), 'scalegap-lab-store-'));
  let manifest: LabManifest;
  let stored: StoredRunResults;
  let figures: LabFigures[] = [];
  let analysis: AnalysisResult;

  beforeAll(async () => {
    manifest = readLabManifest(dir);
    const run = await runLabHarness({ ladderDir: dir, manifest, taskNames: Object.keys(manifest.tasks), store: join(storeDir, 'lab.db') });
    expect(run.summary.status).toBe('completed');
    expect(run.summary.errors).toBe(0);
    stored = run.stored;
    figures = labFigures(stored.items);
    // The item-level analysis scalegap report and lab run use (paired bootstrap over the items).
    const collector = new ItemLadderCollector();
    for (const item of stored.items) collector.add(item);
    analysis = analyzeItems(collector.build('report').map((ladder) => ({ ...ladder, chance: stored.chanceByTask.get(ladder.task) ?? ladder.chance })), {});
  }, 1_200_000);

  afterAll(() => rmSync(storeDir, { recursive: true, force: true }));

  it('holds at least four sizes over about two decades, two seeds each, in under 25 MB', () => {
    const sizes = new Map<string, { params: number; seeds: number }>();
    for (const model of manifest.models) {
      const size = sizes.get(model.size) ?? { params: model.params, seeds: 0 };
      size.seeds += 1;
      sizes.set(model.size, size);
    }
    expect(sizes.size).toBeGreaterThanOrEqual(4);
    for (const size of sizes.values()) expect(size.seeds).toBeGreaterThanOrEqual(2);
    const params = [...sizes.values()].map((size) => size.params);
    expect(Math.log10(Math.max(...params) / Math.min(...params))).toBeGreaterThan(1.9);
    const bytes = manifest.models.reduce((sum, model) => sum + statSync(join(dir, model.file)).size, 0);
    expect(bytes).toBeLessThan(25e6);
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
      for (const [task, reference] of Object.entries(model.evaluation)) {
        const row = figures.find((f) => f.model === model.model && f.task === task);
        expect(row, `${model.model} ${task}`).toBeDefined();
        expect(row!.n).toBe(reference.n);
        expect(Math.abs(row!.accuracy - reference.accuracy), `${model.model} ${task} accuracy`).toBeLessThanOrEqual(1 / reference.n + 1e-9);
        expect(Math.abs(row!.loss - reference.loss), `${model.model} ${task} loss`).toBeLessThanOrEqual(1e-4);
        expect(Math.abs(row!.confidence - reference.confidence), `${model.model} ${task} confidence`).toBeLessThanOrEqual(1e-4);
        compared += 1;
      }
    }
    expect(compared).toBe(manifest.models.length * Object.keys(manifest.tasks).length);
  });

  it('shows the notebook story: pattern and knowledge improve; compositional stays flat near chance, overconfident, though memorised when seen', () => {
    const verdict = (task: string): string => analysis.tasks.find((result) => result.task === task)!.verdict;
    expect(verdict('pattern')).toBe('improving');
    expect(verdict('knowledge')).toBe('improving');
    // Flat on its own test (TOST p ≈ 0.03); across the 7 tasks of the lab, Holm (the default)
    // cannot keep that claim, so the adjusted verdict is inconclusive (issue 12, rule 8).
    const compositional = analysis.tasks.find((result) => result.task === 'compositional')!;
    expect(compositional.multiplicity!.unadjustedVerdict).toBe('flat');
    expect(['flat', 'inconclusive']).toContain(compositional.verdict);
    const largest = Math.max(...manifest.models.map((model) => model.params));
    const atTop = (task: string, metric: 'accuracy' | 'confidence'): number => {
      const rows = figures.filter((f) => f.task === task && f.params === largest);
      return rows.reduce((sum, row) => sum + row[metric], 0) / rows.length;
    };
    expect(atTop('pattern', 'accuracy') - atTop('compositional', 'accuracy')).toBeGreaterThan(0.2);
    expect(atTop('compositional', 'accuracy')).toBeLessThan(0.4);
    expect(atTop('compositional', 'confidence') - atTop('compositional', 'accuracy')).toBeGreaterThan(0.25);
    // The same two-hop relations, verbatim in training, are answered: the failure is generalisation, not memory.
    expect(atTop('compositional-seen', 'accuracy')).toBeGreaterThan(0.6);
  });
});
