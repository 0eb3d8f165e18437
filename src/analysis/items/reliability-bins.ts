import type { ReliabilityBin } from '../task-analysis.js';

/**
 * The bins of a reliability diagram, as ECE's 10 equal-mass bins are made: items sorted by
 * confidence ascending (stable), split like numpy.array_split (the first n mod k bins get one item
 * more); per bin the mean confidence, the accuracy and the item count. Empty bins (fewer items than
 * bins) are left out.
 */
export function reliabilityBins(correct: Uint8Array, confidence: Float64Array, binCount = 10): ReliabilityBin[] {
  const n = confidence.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => confidence[a]! - confidence[b]! || a - b);
  const base = Math.floor(n / binCount);
  const extra = n % binCount;
  const bins: ReliabilityBin[] = [];
  let start = 0;
  for (let bin = 0; bin < binCount; bin++) {
    const size = base + (bin < extra ? 1 : 0);
    if (size === 0) continue;
    let confidenceSum = 0;
    let correctSum = 0;
    for (let p = start; p < start + size; p++) {
      confidenceSum += confidence[order[p]!]!;
      correctSum += correct[order[p]!]!;
    }
    bins.push({ confidence: confidenceSum / size, accuracy: correctSum / size, count: size });
    start += size;
  }
  return bins;
}
