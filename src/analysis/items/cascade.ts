import { createHash } from 'node:crypto';
import { clopperPearson } from './clopper-pearson.js';

/**
 * The half an item belongs to: the low bit of the first byte of SHA-256(item id). A real hash,
 * so consecutive or similar ids do not alternate or cluster; stable across runs and machines.
 */
export function isCalibrationItem(id: string): boolean {
  return (createHash('sha256').update(id, 'utf8').digest()[0]! & 1) === 0;
}

export interface CascadeInput {
  itemIds: string[];
  smallCorrect: Uint8Array;
  smallConfidence: Float64Array;
  largeCorrect: Uint8Array;
  /** Cost per item of each model (any unit; the same for both). */
  smallCost: number;
  largeCost: number;
  margin: number;
  /** Smallest cost saving worth a cascade, as a fraction of the large model's cost (default 0.1). */
  minSaving?: number;
}

/** Evidence of a confidence-threshold cascade (small answers when confidence ≥ τ, else large). */
export interface CascadeEvidence {
  tau: number | null;
  calibrationItems: number;
  testItems: number;
  /** One-sided 95% Clopper–Pearson bound of the rate of items the cascade loses (small wrong, large right), calibration half. */
  calibrationHarmUpper: number | null;
  /** The same bound on the test half: must stay below the margin. */
  testHarmUpper: number | null;
  /** Share of test items the small model answers. */
  coverage: number | null;
  cascadeAccuracy: number | null;
  largeAccuracy: number | null;
  /** Expected cost per item: small on every item plus large on the deferred ones. */
  costPerItem: number | null;
  largeCostPerItem: number;
  nonInferior: boolean;
  /** True when the cascade saves at least `minSaving` of the large model's cost. */
  cheaper: boolean;
  minSaving: number;
}

/**
 * Chooses τ on the calibration half (items whose SHA-256 starts with an even byte): the lowest threshold whose
 * one-sided 95% Clopper–Pearson bound on the harm rate (small wrong where large is right, among
 * the items the small model keeps, over all items) is below the margin; then checks the same bound
 * and the cost on the test half (a cascade must save at least `minSaving` of the large model's cost
 * to be worth running two models).
 */
export function evaluateCascade(input: CascadeInput): CascadeEvidence {
  const calibration: number[] = [];
  const test: number[] = [];
  input.itemIds.forEach((id, i) => (isCalibrationItem(id) ? calibration : test).push(i));
  const harmful = (i: number): boolean => input.smallCorrect[i] === 0 && input.largeCorrect[i] === 1;
  const byConfidence = [...calibration].sort((a, b) => input.smallConfidence[b]! - input.smallConfidence[a]!);
  let tau: number | null = null;
  let calibrationHarmUpper: number | null = null;
  let harm = 0;
  for (let p = 0; p < byConfidence.length; p++) {
    const i = byConfidence[p]!;
    if (harmful(i)) harm++;
    const next = byConfidence[p + 1];
    if (next !== undefined && input.smallConfidence[next] === input.smallConfidence[i]) continue;
    const upper = clopperPearson(harm, calibration.length, 0.05).upper;
    if (!(upper < input.margin)) break;
    tau = input.smallConfidence[i]!;
    calibrationHarmUpper = upper;
  }
  const base: CascadeEvidence = {
    tau,
    calibrationItems: calibration.length,
    testItems: test.length,
    calibrationHarmUpper,
    testHarmUpper: null,
    coverage: null,
    cascadeAccuracy: null,
    largeAccuracy: null,
    costPerItem: null,
    largeCostPerItem: input.largeCost,
    nonInferior: false,
    cheaper: false,
    minSaving: input.minSaving ?? 0.1,
  };
  if (tau === null || test.length === 0) return base;
  let kept = 0;
  let testHarm = 0;
  let cascadeCorrect = 0;
  let largeCorrect = 0;
  for (const i of test) {
    const keep = input.smallConfidence[i]! >= tau;
    if (keep) kept++;
    if (keep && harmful(i)) testHarm++;
    cascadeCorrect += keep ? input.smallCorrect[i]! : input.largeCorrect[i]!;
    largeCorrect += input.largeCorrect[i]!;
  }
  const coverage = kept / test.length;
  const testHarmUpper = clopperPearson(testHarm, test.length, 0.05).upper;
  const costPerItem = input.smallCost + (1 - coverage) * input.largeCost;
  return {
    ...base,
    testHarmUpper,
    coverage,
    cascadeAccuracy: cascadeCorrect / test.length,
    largeAccuracy: largeCorrect / test.length,
    costPerItem,
    nonInferior: testHarmUpper < input.margin,
    cheaper: costPerItem <= (1 - base.minSaving) * input.largeCost,
  };
}
