import { describe, expect, it } from 'vitest';
import { notebookAnalysis, notebookRecommendation } from './notebook.js';

// Reference values from DESIGN.md section 2 (the course notebook run on its own data).
const SIZES = [1, 3, 7, 13, 70];
describe('notebook block', () => {
  it.each([
    ['Pattern Completion', [3.0, 2.5, 2.0, 1.5, 1.0], [60, 70, 80, 88, 95], -0.05722],
    ['Knowledge Retrieval', [2.8, 2.3, 1.9, 1.5, 1.1], [40, 55, 65, 72, 80], -0.04342],
    ['Temporal Reasoning', [2.8, 2.4, 2.0, 1.5, 1.0], [45, 50, 55, 52, 55], -0.20179],
    ['Compositional', [2.9, 2.5, 2.1, 1.6, 1.1], [30, 35, 40, 38, 42], -0.16395],
  ])('%s reproduces the notebook ccg', (_task, losses, accuracies, ccg) => {
    const result = notebookAnalysis(SIZES, losses, accuracies)!;
    expect(result.ccg).toBeCloseTo(ccg, 5);
    expect(result.interpretation).toBe('Mild pathology: Some scaling issues');
  });

  it('reproduces the 7-point temporal series', () => {
    const result = notebookAnalysis([1.0, 2.7, 3.8, 7.0, 8.0, 13.0, 70.0], [2.8, 2.4, 2.1, 1.8, 1.6, 1.4, 1.0], [45, 50, 62.5, 50, 75, 62.5, 65])!;
    expect(result.ccg).toBeCloseTo(-0.09272, 5);
    expect(result.lossImprovementPct).toBeCloseTo(64.2857, 3);
    expect(result.accuracyChangePp).toBe(20);
  });

  it('gives ±Infinity and "Pathological" when the accuracy slope is under 0.01', () => {
    expect(notebookAnalysis([1, 10, 100], [3, 2, 1], [50, 50, 50.001])!.ccg).toBe(-Infinity);
    const rising = notebookAnalysis([1, 10, 100], [1, 2, 3], [50, 50, 50])!;
    expect(rising.ccg).toBe(Infinity);
    expect(rising.interpretation).toBe('Pathological: Loss improves but accuracy flat');
  });

  it('keeps the notebook boundaries: a gain of exactly 10 pp is "Test before deciding"', () => {
    expect(notebookRecommendation(-1, 10).recommendation).toBe('Test before deciding');
    expect(notebookRecommendation(-1, 20).recommendation).toBe('Moderate scaling');
    expect(notebookRecommendation(-1, 20.0001).recommendation).toBe('Scale up');
    expect(notebookRecommendation(-100, 30).recommendation).toBe("Don't scale - use hybrid");
    expect(notebookRecommendation(-5, 30).recommendation).toBe('Moderate scaling');
    // The notebook replaces −∞ by −100 before recommending; +∞ is kept.
    const result = notebookAnalysis([1, 10, 100], [3, 2, 1], [40, 40.001, 40])!;
    expect(result.recommendation).toBe("Don't scale - use hybrid");
  });

  it('returns null when a slope cannot be computed', () => {
    expect(notebookAnalysis([7], [1], [50])).toBeNull();
    expect(notebookAnalysis([7, 7], [1, 2], [50, 60])).toBeNull();
  });
});
