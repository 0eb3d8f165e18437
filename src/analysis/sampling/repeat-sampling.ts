/** One sample of one item: whether it was right, and the answer as a comparable key (null: unreadable). */
export interface RepeatSample {
  correct: boolean;
  answer: string | null;
}

/** What K samples per item (temperature > 0) say about one model, apart from what the items say. */
export interface RepeatSampling {
  items: number;
  /** Samples per item used (the smallest count over the items; each item's first K samples). */
  samplesPerItem: number;
  /** Mean over items of the share of right samples (pass@1). */
  meanAccuracy: number;
  /** Share of items whose most frequent answer (ties: the first seen) is right. */
  majorityAccuracy: number;
  /** Unbiased pass@k (Chen et al. 2021: 1 − C(K − c, k) / C(K, k), averaged over items), k = 1..K. */
  passAtK: number[];
  /** Between-item variance of the true per-item accuracy (one-way random-effects ANOVA, clamped at 0). */
  itemVariance: number;
  /** Within-item (repeat) variance of one sample's correctness. */
  repeatVariance: number;
  /** Share of the variance of the mean accuracy that is repeat noise: (σ²_rep / K) / (σ²_item + σ²_rep / K). */
  repeatShare: number;
  /** Standard error of the mean accuracy, both levels included: √((σ²_item + σ²_rep / K) / n). */
  se: number;
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let value = 1;
  for (let i = 1; i <= k; i++) value = (value * (n - k + i)) / i;
  return value;
}

function majorityRight(samples: RepeatSample[]): boolean {
  const votes = new Map<string, { count: number; correct: boolean }>();
  for (const sample of samples) {
    if (sample.answer === null) continue;
    const vote = votes.get(sample.answer);
    if (vote) vote.count++;
    else votes.set(sample.answer, { count: 1, correct: sample.correct });
  }
  let best: { count: number; correct: boolean } | undefined;
  for (const vote of votes.values()) if (!best || vote.count > best.count) best = vote;
  return best?.correct === true;
}

/**
 * Separates repeat noise from item noise for one model's K samples per item (a balanced one-way
 * random-effects decomposition: MS_within estimates σ²_rep, (MS_between − MS_within) / K estimates
 * σ²_item). Null with fewer than 2 items or fewer than 2 samples per item.
 */
export function repeatSampling(perItem: RepeatSample[][]): RepeatSampling | null {
  const usable = perItem.filter((samples) => samples.length >= 2);
  if (usable.length < 2) return null;
  const k = Math.min(...usable.map((samples) => samples.length));
  const items = usable.map((samples) => samples.slice(0, k));
  const n = items.length;
  const means = items.map((samples) => samples.filter((sample) => sample.correct).length / k);
  const grand = means.reduce((sum, mean) => sum + mean, 0) / n;
  const within = items.reduce((sum, samples, i) => sum + samples.reduce((inner, sample) => inner + ((sample.correct ? 1 : 0) - means[i]!) ** 2, 0), 0) / (n * (k - 1));
  const between = (k * means.reduce((sum, mean) => sum + (mean - grand) ** 2, 0)) / (n - 1);
  const passAtK = Array.from({ length: k }, (_, index) => {
    const draws = index + 1;
    return items.reduce((sum, samples) => {
      const right = samples.filter((sample) => sample.correct).length;
      return sum + 1 - choose(k - right, draws) / choose(k, draws);
    }, 0) / n;
  });
  return {
    items: n, samplesPerItem: k, meanAccuracy: grand,
    majorityAccuracy: items.filter(majorityRight).length / n,
    passAtK, itemVariance: Math.max(0, (between - within) / k), repeatVariance: within,
    repeatShare: between > 0 ? Math.min(1, within / between) : 0,
    se: Math.sqrt(between / (n * k)),
  };
}
