import type { ReliabilityBin } from '../task-analysis.js';

/**
 * The bins of a reliability diagram, as ECE's 10 equal-mass bins are made: items sorted by
 * confidence ascending, split like numpy.array_split (the first n mod k bins get one item more),
 * except that tied confidences stay together: a block of equal values goes whole into the bin where
 * it starts (HELM's equal-mass bins: midpoint edges, bisect-left), so the bins do not depend on the
 * order of rows. Per bin the mean confidence, the accuracy and the item count; empty bins are left out.
 */
export function reliabilityBins(correct: Uint8Array, confidence: Float64Array, binCount = 10): ReliabilityBin[] {
  const n = confidence.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => confidence[a]! - confidence[b]! || a - b);
  const base = Math.floor(n / binCount);
  const extra = n % binCount;
  const binOf = (position: number): number => (position < extra * (base + 1) ? Math.floor(position / (base + 1)) : extra + Math.floor((position - extra * (base + 1)) / base));
  const sums = Array.from({ length: binCount }, () => ({ confidence: 0, correct: 0, count: 0 }));
  let bin = 0;
  for (let p = 0; p < n; p++) {
    if (p === 0 || confidence[order[p]!] !== confidence[order[p - 1]!]) bin = binOf(p);
    const sum = sums[bin]!;
    sum.confidence += confidence[order[p]!]!;
    sum.correct += correct[order[p]!]!;
    sum.count += 1;
  }
  return sums.filter((sum) => sum.count > 0).map((sum) => ({ confidence: sum.confidence / sum.count, accuracy: sum.correct / sum.count, count: sum.count }));
}
