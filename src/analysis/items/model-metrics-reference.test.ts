import { xorshift128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import type { ItemLadder } from './item-ladder.js';
import { batchMetrics, BATCH, createScratch, METRIC_COUNT, modelMetrics, prepareModel } from './model-metrics.js';
import { pairedBootstrap } from './paired-bootstrap.js';
import { NULL_TESTED, perfectCalibrationDraws } from './perfect-calibration-draws.js';
import { drawResampleMatrix, resampleSource } from './resample-matrix.js';
import { referenceModelMetrics, referencePrepareModel, referenceScratch } from './test-support/reference-model-metrics.js';
import { uniformSource } from './test-support/simulate-ladder.js';
import { METRIC } from './metric-slots.js';

/**
 * The same figures to 1e-12 of their size (NaN and ±∞ exactly): the fast code sums a
 * tie block's terms once per block and wide kernels through low-rank factors, in another order
 * than the straightforward computation, so the last bits may differ.
 */
function expectSameValues(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const same = Object.is(a, e) || Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e));
    if (!same) expect.fail(`${label}: slot ${i} is ${a}, the reference ${e}`);
  }
}

interface Case { name: string; n: number; confidence: (random: () => number, i: number) => number; loss: 'finite' | 'infinite' | 'none' }
const CASES: Case[] = [
  { name: 'continuous', n: 701, confidence: (random) => 0.2 + 0.8 * random(), loss: 'finite' },
  { name: '0.01 steps', n: 500, confidence: (random) => Math.round(random() * 100) / 100, loss: 'finite' },
  { name: 'few values', n: 333, confidence: (random) => [0, 0.25, 0.5, 1][Math.floor(random() * 4)]!, loss: 'infinite' },
  { name: 'all tied', n: 40, confidence: () => 0.7, loss: 'none' },
  { name: 'grid points', n: 97, confidence: (_random, i) => (i % 201) / 200, loss: 'finite' },
  { name: 'tiny', n: 7, confidence: (random) => random(), loss: 'finite' },
  { name: 'one item', n: 1, confidence: () => 0.4, loss: 'finite' },
  { name: 'eleven', n: 11, confidence: (random) => Math.round(random() * 4) / 4, loss: 'none' },
];

function data(spec: Case, seed: number): { correct: Uint8Array; confidence: Float64Array; loss: Float64Array | null } {
  const random = uniformSource(seed);
  const confidence = Float64Array.from({ length: spec.n }, (_, i) => spec.confidence(random, i));
  const correct = Uint8Array.from(confidence, (c) => (random() < c ? 1 : 0));
  const loss = spec.loss === 'none' ? null : Float64Array.from(confidence, (c, i) => (spec.loss === 'infinite' && i % 17 === 3 ? Number.POSITIVE_INFINITY : -Math.log(0.05 + 0.9 * c)));
  return { correct, confidence, loss };
}

function resampleCounts(n: number, resamples: number, seed: number): Int32Array {
  const next = resampleSource(n, seed);
  const counts = new Int32Array(resamples * n);
  for (let r = 0; r < resamples; r++) for (let i = 0; i < n; i++) counts[r * n + next()]!++;
  return counts;
}

describe('item metrics computed on sorted positions equal the straightforward computation (to 1e-12)', () => {
  for (const spec of CASES) {
    it(`on ${spec.name} data (${spec.n} items), on all items and on resamples, one at a time and in batches`, () => {
      const { correct, confidence, loss } = data(spec, spec.n);
      const reference = referencePrepareModel(correct, confidence, loss);
      const prepared = prepareModel(correct, confidence, loss);
      expect(prepared.sigma).toBe(reference.sigma);
      expect(prepared.sorted?.block.end.length ?? 0).toBe(new Set(confidence).size);
      const resamples = 7;
      const counts = new Int32Array((resamples + 1) * spec.n);
      counts.fill(1, 0, spec.n);
      counts.set(resampleCounts(spec.n, resamples, 3), spec.n);
      const expected = new Float64Array((resamples + 1) * METRIC_COUNT);
      const single = new Float64Array(expected.length);
      const scratch = createScratch(spec.n);
      for (let r = 0; r <= resamples; r++) {
        const row = counts.subarray(r * spec.n, (r + 1) * spec.n);
        referenceModelMetrics(reference, row, referenceScratch(), expected, r * METRIC_COUNT);
        modelMetrics(prepared, row, scratch, single, r * METRIC_COUNT);
      }
      expectSameValues(single, expected, 'modelMetrics');
      const batched = new Float64Array(expected.length);
      for (let first = 0; first <= resamples; first += BATCH) {
        const batch = Math.min(BATCH, resamples + 1 - first);
        batchMetrics(prepared, counts.subarray(first * spec.n), batch, scratch, batched, first * METRIC_COUNT, METRIC_COUNT);
      }
      expectSameValues(batched, expected, 'batchMetrics');
      const withoutConfidence = new Float64Array(METRIC_COUNT);
      const referenceWithout = new Float64Array(METRIC_COUNT);
      modelMetrics(prepareModel(correct, null, loss), counts.subarray(spec.n), scratch, withoutConfidence, 0);
      referenceModelMetrics(referencePrepareModel(correct, null, loss), counts.subarray(spec.n, 2 * spec.n), referenceScratch(), referenceWithout, 0);
      expectSameValues(withoutConfidence, referenceWithout, 'no confidence');
    });
  }

  it('in a paired bootstrap (drawn resamples, several models)', () => {
    const models = CASES.slice(0, 3).map((spec, j) => ({ ...data({ ...spec, n: 300 }, 40 + j), model: `m${j}`, params: 10 ** (8 + j), methods: [], present: null }));
    const ladder: ItemLadder = { task: 't', family: null, itemIds: Array.from({ length: 300 }, (_, i) => `q${i}`), chance: null, mismatch: null, models };
    const resamples = 13;
    const boot = pairedBootstrap(ladder, { resamples, seed: 9 });
    const matrix = drawResampleMatrix(300, resamples, 9);
    const expected = new Float64Array(resamples * models.length * METRIC_COUNT);
    const references = models.map((m) => referencePrepareModel(m.correct, m.confidence, m.loss));
    for (let b = 0; b < resamples; b++) {
      const counts = new Int32Array(300);
      for (let i = 0; i < 300; i++) counts[matrix[b * 300 + i]!]!++;
      references.forEach((model, j) => referenceModelMetrics(model, counts, referenceScratch(), expected, (b * models.length + j) * METRIC_COUNT));
    }
    expectSameValues(boot.draws, expected, 'draws');
    expectSameValues(pairedBootstrap(ladder, { resamples, seed: 9, indexMatrix: matrix }).draws, expected, 'draws from the matrix');
  });

  for (const spec of CASES) {
    it(`in the perfect-calibration draws on ${spec.name} data`, () => {
      const { correct, confidence } = data(spec, 100 + spec.n);
      const draws = 9;
      const fast = perfectCalibrationDraws(prepareModel(correct, confidence, null), draws, 5);
      const reference = referencePrepareModel(correct, confidence, null);
      const outcomes = new Uint8Array(spec.n);
      const random = xorshift128plus(5);
      const expected = new Float64Array(draws * NULL_TESTED.length);
      const out = new Float64Array(METRIC_COUNT);
      for (let d = 0; d < draws; d++) {
        for (let i = 0; i < spec.n; i++) outcomes[i] = (random.unsafeNext() >>> 0) / 4294967296 < confidence[i]! ? 1 : 0;
        referenceModelMetrics({ ...reference, correct: outcomes }, new Int32Array(spec.n).fill(1), referenceScratch(), out, 0);
        NULL_TESTED.forEach((name, t) => { expected[d * NULL_TESTED.length + t] = out[METRIC[name]]!; });
      }
      expectSameValues(fast, expected, 'null draws');
    });
  }
});
