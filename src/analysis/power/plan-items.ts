import { standardNormalQuantile } from '../distributions.js';
import { flatPower, trendPower, type SlopeDesign } from './verdict-power.js';

/** What `scalegap plan` is asked: the sizes to measure and the effect to detect. */
export interface PlanInput {
  params: number[];
  /** Expected accuracy (fraction); 0.5 is the worst case. */
  accuracy: number;
  /** Accuracy slope to detect, per decade of parameters (fraction). */
  effect: number;
  /** Flatness margin per decade (fraction). */
  delta: number;
  /** Power wanted. */
  power: number;
  /** SD of whole models around the trend (fraction); 0 assumes none. */
  scatter: number;
}

/** Items per model (independent items, the same count for every model) for each conclusive verdict. */
export interface PlanResult {
  sizes: number;
  decades: number;
  /** The 95% interval of the slope excludes 0 when the true slope is `effect` (improving / inverse). */
  itemsForTrend: number | null;
  /** The 90% interval lies inside ±δ when the true slope is 0 (flat). */
  itemsForFlat: number | null;
  /** The textbook z-test count, ignoring the small-ladder residual interval scalegap also requires. */
  itemsTextbook: number;
  notes: string[];
}

const MAX_ITEMS = 10_000_000;

function smallestItems(reaches: (n: number) => boolean): number | null {
  if (!reaches(MAX_ITEMS)) return null;
  let low = 0;
  let high = MAX_ITEMS;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (reaches(mid)) high = mid; else low = mid;
  }
  return high;
}

/**
 * Items per model before measuring (DESIGN.md section 3's verdict rule): the slope's interval is
 * the wider of the sampling one (binomial, normal quantile) and the one from the scatter of the
 * models around the line (t, df = k − 2), so small ladders need more items than the z-test says.
 */
export function planItems(input: PlanInput): PlanResult {
  const x = input.params.map(Math.log10);
  const k = x.length;
  const mean = x.reduce((sum, v) => sum + v, 0) / k;
  const sxx = x.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  const variance = input.accuracy * (1 - input.accuracy);
  const design = (n: number): SlopeDesign => {
    const samplingSd = Math.sqrt(variance / (n * sxx));
    return { samplingSd, sd: Math.sqrt(samplingSd ** 2 + input.scatter ** 2 / sxx), df: k - 2 };
  };
  const zSum = standardNormalQuantile(0.975) + standardNormalQuantile(input.power);
  const notes: string[] = [];
  const itemsForTrend = smallestItems((n) => trendPower(design(n), input.effect) >= input.power);
  const itemsForFlat = smallestItems((n) => flatPower(design(n), 0, input.delta) >= input.power);
  if (input.scatter > 0 && (itemsForTrend === null || itemsForFlat === null)) notes.push('the scatter of whole models around the trend is too large for any number of items: measure more sizes');
  if (k < 5) notes.push(`with ${k} sizes the residual interval has ${k - 2} degree${k === 3 ? '' : 's'} of freedom; a fifth size cuts the items needed sharply`);
  notes.push('items are assumed independent per model; scoring the same items on every model (paired) usually needs fewer');
  return { sizes: k, decades: Math.max(...x) - Math.min(...x), itemsForTrend, itemsForFlat, itemsTextbook: Math.ceil((zSum ** 2 * variance) / (sxx * input.effect ** 2)), notes };
}
