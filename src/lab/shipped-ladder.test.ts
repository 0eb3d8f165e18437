import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze.js';
import { measurementsFromItems } from '../analysis/measurements-from-items.js';
import type { Measurement } from '../core/measurement.js';
import { readLabManifest, type LabManifest } from './lab-manifest.js';
import { runLabHarness } from './run-lab-harness.js';
import { shippedLadderDir } from './shipped-ladder-dir.js';

// The ladder committed in lab/ladder: every GGUF is the file the manifest names, loads in node-llama-cpp (through
// the llama-cpp provider) and reproduces the PyTorch figures the trainer recorded, on every task file.
describe('the shipped lab ladder', () => {
  const dir = shippedLadderDir();
  const storeDir = mkdtempSync(join(tmpdir(), 'scalegap-lab-store-'));
  let manifest: LabManifest;
  let measurements: Measurement[] = [];

  beforeAll(async () => {
    manifest = readLabManifest(dir);
    const { summary, stored } = await runLabHarness({ ladderDir: dir, manifest, taskNames: Object.keys(manifest.tasks), store: join(storeDir, 'lab.db') });
    expect(summary.status).toBe('completed');
    expect(summary.errors).toBe(0);
    measurements = measurementsFromItems(stored.items, { chanceByTask: stored.chanceByTask });
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
      for (const [task, figures] of Object.entries(model.evaluation)) {
        const row = measurements.find((m) => m.model === model.model && m.task === task);
        expect(row, `${model.model} ${task}`).toBeDefined();
        expect(row!.n).toBe(figures.n);
        expect(Math.abs(row!.accuracy! - figures.accuracy), `${model.model} ${task} accuracy`).toBeLessThanOrEqual(1 / figures.n + 1e-9);
        expect(Math.abs(row!.loss! - figures.loss), `${model.model} ${task} loss`).toBeLessThanOrEqual(1e-4);
        expect(Math.abs(row!.confidence! - figures.confidence), `${model.model} ${task} confidence`).toBeLessThanOrEqual(1e-4);
        compared += 1;
      }
    }
    expect(compared).toBe(manifest.models.length * Object.keys(manifest.tasks).length);
  });

  it('gives the same verdicts from node-llama-cpp as from the PyTorch figures of the manifest', () => {
    const fromManifest: Measurement[] = manifest.models.flatMap((model) => Object.entries(model.evaluation).map(([task, figures]) => ({
      ...measurements.find((m) => m.model === model.model && m.task === task)!,
      accuracy: figures.accuracy, accuracyPct: figures.accuracy * 100, loss: figures.loss,
      confidence: figures.confidence, confidencePct: figures.confidence * 100, n: figures.n,
    })));
    const summary = (rows: Measurement[]): string[] => analyze(rows).tasks.map((task) => `${task.task}: ${task.verdict}, overconfidence ${task.overconfidence}`);
    expect(summary(measurements)).toEqual(summary(fromManifest));
  });

  it('shows the notebook story: pattern and knowledge improve; compositional stays flat near chance, overconfident, though memorised when seen', () => {
    const result = analyze(measurements.filter((m) => ['pattern', 'knowledge', 'compositional'].includes(m.task)));
    const verdict = (task: string): string => result.tasks.find((analysis) => analysis.task === task)!.verdict;
    expect(verdict('pattern')).toBe('improving');
    expect(verdict('knowledge')).toBe('improving');
    expect(verdict('compositional')).toBe('flat');
    const largest = Math.max(...manifest.models.map((model) => model.params));
    const atTop = (task: string, metric: 'accuracy' | 'confidence'): number => {
      const rows = measurements.filter((m) => m.task === task && m.params === largest);
      return rows.reduce((sum, row) => sum + row[metric]!, 0) / rows.length;
    };
    expect(atTop('pattern', 'accuracy') - atTop('compositional', 'accuracy')).toBeGreaterThan(0.2);
    expect(atTop('compositional', 'accuracy')).toBeLessThan(0.4);
    expect(atTop('compositional', 'confidence') - atTop('compositional', 'accuracy')).toBeGreaterThan(0.25);
    // The same two-hop relations, verbatim in training, are answered: the failure is generalisation, not memory.
    expect(atTop('compositional-seen', 'accuracy')).toBeGreaterThan(0.6);
  });
});
