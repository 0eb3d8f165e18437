import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyMeasurement, type Measurement } from '../core/measurement.js';
import { analyze } from './analyze.js';
import type { SlopeEstimate } from './task-analysis.js';

interface ReferenceModel { model: string; params: number; accuracy: number; accuracyPct: number; loss: number | null; confidence: number | null; n: number | null; accuracySe: number | null }
interface ReferenceSlope { estimate: number; se: number | null; low: number | null; high: number | null }
interface ReferenceCase {
  task: string;
  chance: number;
  models: ReferenceModel[];
  expected: {
    slopes: { accuracy: ReferenceSlope; loss: ReferenceSlope | null; gap: ReferenceSlope | null };
    verdict: string;
    overconfidence: string;
    angleDeg: number | null;
    pick: string;
    upperBound: number | null;
    notebook: Record<string, number | string> | null;
  };
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8')) as ReferenceCase[];

function toMeasurements(reference: ReferenceCase): Measurement[] {
  return reference.models.map((model) => ({
    ...emptyMeasurement(reference.task, model.model, model.params),
    accuracy: model.accuracy,
    accuracyPct: model.accuracyPct,
    loss: model.loss,
    confidence: model.confidence,
    confidencePct: model.confidence === null ? null : model.confidence * 100,
    n: model.n,
    accuracySe: model.accuracySe,
    chance: reference.chance,
  }));
}

function expectSlope(actual: SlopeEstimate | null, expected: ReferenceSlope | null): void {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(actual!.estimate).toBeCloseTo(expected.estimate, 10);
  for (const key of ['se', 'low', 'high'] as const) {
    if (expected[key] === null) expect(actual![key]).toBeNull();
    else expect(actual![key]).toBeCloseTo(expected[key]!, 9);
  }
}

describe('analyze against the numpy/scipy reference (fixtures/make_reference.py)', () => {
  it.each(cases.map((reference) => [reference.task, reference] as const))('%s', (_name, reference) => {
    const [task] = analyze(toMeasurements(reference)).tasks;
    expectSlope(task!.slopes.accuracy, reference.expected.slopes.accuracy);
    expectSlope(task!.slopes.loss, reference.expected.slopes.loss);
    expectSlope(task!.slopes.gap, reference.expected.slopes.gap);
    expect(task!.verdict).toBe(reference.expected.verdict);
    expect(task!.overconfidence).toBe(reference.expected.overconfidence);
    if (reference.expected.angleDeg === null) expect(task!.angleDeg).toBeNull();
    else expect(task!.angleDeg).toBeCloseTo(reference.expected.angleDeg, 9);
    expect(task!.recommendation.model).toBe(reference.expected.pick);
    const upperBound = task!.recommendation.evidence!.upperBound as number | null;
    if (reference.expected.upperBound === null) expect(upperBound).toBeNull();
    else expect(upperBound).toBeCloseTo(reference.expected.upperBound, 9);
    const notebook = reference.expected.notebook;
    if (notebook) {
      const ccg = typeof notebook.ccg === 'string' ? Number(notebook.ccg) : notebook.ccg!;
      expect(task!.notebook!.ccg).toBeCloseTo(ccg, 10);
      expect(task!.notebook!.lossSlope).toBeCloseTo(notebook.lossSlope as number, 10);
      expect(task!.notebook!.accuracySlope).toBeCloseTo(notebook.accuracySlope as number, 10);
      expect(task!.notebook!.interpretation).toBe(notebook.interpretation);
      expect(task!.notebook!.recommendation).toBe(notebook.recommendation);
      expect(task!.notebook!.lossImprovementPct).toBeCloseTo(notebook.lossImprovementPct as number, 10);
      expect(task!.notebook!.accuracyChangePp).toBeCloseTo(notebook.accuracyChangePp as number, 10);
    }
  });

  it('never names a model of the largest size as a smaller one (replicate seeds are one size)', () => {
    const [task] = analyze(toMeasurements(cases.find((reference) => reference.task === 'replicates')!)).tasks;
    expect(task!.recommendation.action).toBe('scale-up');
  });

  it('covers every verdict', () => {
    const verdicts = new Set(cases.map((reference) => reference.expected.verdict));
    expect([...verdicts].sort()).toEqual(['decoupled', 'flat', 'improving', 'inconclusive', 'insufficient', 'inverse']);
  });
});

const ladder = fc
  .array(fc.record({ accuracy: fc.double({ min: 0.05, max: 0.95, noNaN: true }), loss: fc.double({ min: 0.5, max: 4, noNaN: true }), n: fc.integer({ min: 50, max: 5000 }) }), { minLength: 3, maxLength: 8 })
  .map((rows) => rows.map((row, i) => ({ ...emptyMeasurement('t', `m${i}`, 10 ** (7 + i * 0.5)), accuracy: row.accuracy, accuracyPct: row.accuracy * 100, loss: row.loss, n: row.n })));

describe('invariants (fast-check)', () => {
  it('does not depend on the order of the rows', () => {
    fc.assert(fc.property(ladder, fc.nat(), (rows, seed) => {
      const shuffled = [...rows].sort((a, b) => ((a.params * 7919 + seed) % 13) - ((b.params * 7919 + seed) % 13));
      expect(analyze(shuffled)).toEqual(analyze(rows));
    }), { numRuns: 100 });
  });

  it('does not depend on the unit of size (every size × a constant)', () => {
    fc.assert(fc.property(ladder, fc.constantFrom(1e-9, 1e-3, 1000), (rows, factor) => {
      const [base] = analyze(rows).tasks;
      const [scaled] = analyze(rows.map((row) => ({ ...row, params: row.params * factor }))).tasks;
      expect(scaled!.verdict).toBe(base!.verdict);
      expect(scaled!.slopes.accuracy!.estimate).toBeCloseTo(base!.slopes.accuracy!.estimate, 9);
      expect(scaled!.notebook!.ccg).toBeCloseTo(base!.notebook!.ccg, 6);
      expect(scaled!.recommendation.model).toBe(base!.recommendation.model);
    }), { numRuns: 100 });
  });

  it('flips the sign of the accuracy slope when accuracy is mirrored', () => {
    fc.assert(fc.property(ladder, (rows) => {
      const [base] = analyze(rows).tasks;
      const [mirrored] = analyze(rows.map((row) => ({ ...row, accuracy: 1 - row.accuracy!, accuracyPct: 100 - row.accuracyPct! }))).tasks;
      expect(mirrored!.slopes.accuracy!.estimate).toBeCloseTo(-base!.slopes.accuracy!.estimate, 9);
      expect(mirrored!.slopes.accuracy!.high).toBeCloseTo(-base!.slopes.accuracy!.low!, 9);
      const swapped: Record<string, string> = { improving: 'inverse', inverse: 'improving' };
      if (base!.verdict in swapped) expect(mirrored!.verdict).toBe(swapped[base!.verdict]);
    }), { numRuns: 100 });
  });
});
