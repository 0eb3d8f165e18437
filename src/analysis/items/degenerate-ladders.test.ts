import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyzeItems } from './analyze-items.js';
import { evaluateCascade, isCalibrationItem } from './cascade.js';
import type { ItemLadder, LadderModel } from './item-ladder.js';

const items = 200;
const ids = Array.from({ length: items }, (_, i) => `item-${i}`);
const model = (name: string, params: number, correct: (i: number) => boolean, loss: (i: number) => number | null = () => null): LadderModel => {
  const losses = ids.map((_, i) => loss(i));
  return {
    model: name,
    params,
    correct: Uint8Array.from(ids, (_, i) => (correct(i) ? 1 : 0)),
    confidence: Float64Array.from(ids, () => 0.7),
    loss: losses.every((value) => value !== null) ? Float64Array.from(losses as number[]) : null,
    methods: [],
    present: null,
  };
};
const ladder = (models: LadderModel[]): ItemLadder => ({ task: 't', family: null, itemIds: ids, models, chance: 0.25, mismatch: null });
const sizes = [1e8, 1e9, 1e10, 1e11];

describe('zero-variance ladders decide nothing on rounding noise (issue 12, rule 3)', () => {
  it('every item right on every model: flat, never inverse', () => {
    const [task] = analyzeItems([ladder(sizes.map((p, j) => model(`m${j}`, p, () => true)))], { resamples: 200 }).tasks;
    expect(task!.verdict).toBe('flat');
    expect(task!.recommendation.action).toBe('dont-scale');
    expect(task!.recommendation.model).toBe('m0');
  });

  it('identical answers on every model: flat', () => {
    const [task] = analyzeItems([ladder(sizes.map((p, j) => model(`m${j}`, p, (i) => i % 3 === 0)))], { resamples: 200 }).tasks;
    expect(task!.verdict).toBe('flat');
  });

  it('constant loss is no evidence of decoupling', () => {
    const answers = [(i: number) => i % 2 === 0, (i: number) => i % 5 < 3, (i: number) => i % 2 === 1, (i: number) => i % 4 < 2];
    const [task] = analyzeItems([ladder(sizes.map((p, j) => model(`m${j}`, p, answers[j]!, () => 1.5)))], { resamples: 200 }).tasks;
    expect(task!.verdict).not.toBe('decoupled');
  });

  it('no overconfidence trend from 2 sizes', () => {
    const [task] = analyzeItems([ladder([model('a', 1e8, (i) => i % 2 === 0), model('b', 1e10, (i) => i % 10 < 9)])], { resamples: 200 }).tasks;
    expect(task!.verdict).toBe('insufficient');
    expect(task!.overconfidence).toBe('unknown');
  });

  it('replicate seeds of the largest size: the recommendation never calls one of them smaller', () => {
    const [task] = analyzeItems([ladder([
      model('xs', 1e8, (i) => i % 10 < 3),
      model('s', 1e9, (i) => i % 10 < 5),
      model('m', 1e10, (i) => i % 10 < 7),
      model('l-seed1', 1e11, (i) => i % 20 < 18),
      model('l-seed2', 1e11, (i) => i % 20 < 19),
    ])], { resamples: 300 }).tasks;
    expect(task!.verdict).toBe('improving');
    expect(task!.recommendation.action).toBe('scale-up');
    expect(task!.recommendation.evidence!.best).toBe('l-seed2');
  });
});

describe('cascade split (issue 12, rule 7)', () => {
  it('puts an item in the calibration half when the first byte of SHA-256(id) is even', () => {
    for (const id of ['q0', 'q1', 'item-17', 'é', '']) {
      expect(isCalibrationItem(id)).toBe((createHash('sha256').update(id).digest()[0]! & 1) === 0);
    }
  });

  it('does not alternate halves on consecutive ids, and fills both halves for ids of one parity', () => {
    const consecutive = Array.from({ length: 400 }, (_, i) => `q${i}`).map(isCalibrationItem);
    let alternations = 0;
    for (let i = 1; i < consecutive.length; i++) if (consecutive[i] !== consecutive[i - 1]) alternations++;
    expect(alternations).toBeGreaterThan(150);
    expect(alternations).toBeLessThan(250);
    // Ids whose character codes all have one parity: a parity-of-codes split leaves one half empty.
    const evenIds = Array.from({ length: 200 }, (_, i) => `b${String(i * 2).replace(/[13579]/g, '0')}${'02468'[i % 5]}`);
    const share = evenIds.filter(isCalibrationItem).length / evenIds.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
  });

  it('reports both halves in the cascade evidence', () => {
    const n = 400;
    const itemIds = Array.from({ length: n }, (_, i) => `q${i}`);
    const evidence = evaluateCascade({
      itemIds, smallCorrect: new Uint8Array(n).fill(1), smallConfidence: new Float64Array(n).fill(0.9), largeCorrect: new Uint8Array(n).fill(1), smallCost: 1, largeCost: 10, margin: 0.03,
    });
    expect(evidence.calibrationItems + evidence.testItems).toBe(n);
    expect(evidence.calibrationItems).toBe(itemIds.filter(isCalibrationItem).length);
  });
});
