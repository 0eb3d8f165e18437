import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METRIC, METRIC_COUNT } from './model-metrics.js';
import { pairedBootstrap } from './paired-bootstrap.js';
import { simulateLadder } from './test-support/simulate-ladder.js';

const NAMES = Object.keys(METRIC) as Array<keyof typeof METRIC>;
const benchFolder = fileURLToPath(new URL('../../../bench/', import.meta.url));

// The benchmark's numpy implementation (bench/item_bootstrap_numpy.py) must do the same work: on
// tied confidences and resamples with repeated items, its metrics equal scalegap's.
describe('bench/item_bootstrap_numpy.py computes what scalegap computes', () => {
  it('agrees on every metric of a resample with ties', () => {
    const ladder = simulateLadder({ params: [1e8, 1e9], items: 333, accuracy: () => 0.5, seed: 4, overconfidence: 0.03 });
    const model = ladder.models[1]!;
    for (let i = 0; i < 333; i++) model.confidence![i] = Math.round(model.confidence![i]! * 40) / 40;
    const index = Int32Array.from({ length: 2 * 333 }, (_, i) => (i * 7919 + 13) % 333);
    const boot = pairedBootstrap(ladder, { resamples: 2, seed: 0, indexMatrix: index });
    const input = JSON.stringify({ y: Array.from(model.correct), f: Array.from(model.confidence!), l: Array.from(model.loss!), index: Array.from(index.subarray(0, 333)) });
    const script = `
import json, sys
import numpy as np
sys.path.insert(0, ${JSON.stringify(benchFolder)})
import item_bootstrap_numpy as nb
d = json.load(sys.stdin)
y, f, l = np.array(d['y'], float), np.array(d['f']), np.array(d['l'])
n = len(y)
harmonic = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, n + 1))])
counts = np.bincount(np.array(d['index']), minlength=n)[None, :].astype(float)
m = nb.model_metrics(counts, y, f, l, n, harmonic)
grid = nb.grid_weights(f)
sigma = nb.fixed_point_sigma((y - f)[None, :] @ grid, n)
m['smoothEce'] = nb.smooth_ece_at((counts * (y - f)) @ grid, sigma, n)
print(json.dumps({k: float(v[0]) for k, v in m.items()}))
`;
    const python = spawnSync('python3', ['-c', script], { input, encoding: 'utf8' });
    expect(python.stderr).toBe('');
    const numpy = JSON.parse(python.stdout) as Record<string, number>;
    const base = (0 * 2 + 1) * METRIC_COUNT;
    for (const name of NAMES) {
      if (name === 'nll') continue;
      const tolerance = name === 'smoothEce' ? 1e-6 : 1e-10;
      expect(Math.abs(boot.draws[base + METRIC[name]]! - numpy[name]!), name).toBeLessThan(tolerance);
    }
  });
});
