import type { VariantObservation } from './variant-observation.js';

/** How often each shown position is chosen against how often it holds the right answer. */
export interface PositionBias {
  /** Share of readable answers that chose position p. */
  chosen: number[];
  /** Share of versions whose right answer is at position p. */
  right: number[];
  /** Total variation distance between the two, ½ Σ |chosen − right| (0: no preference for positions beyond the answers'). */
  distance: number;
}

/** The position bias of one model over its base versions and option-order versions; null without any. */
export function positionBias(rows: VariantObservation[]): PositionBias | null {
  const used = rows.filter((row) => row.kind === 'base' || row.kind === 'options');
  if (used.length === 0) return null;
  const positions = Math.max(...used.map((row) => row.optionCount));
  const chosen = new Array<number>(positions).fill(0);
  const right = new Array<number>(positions).fill(0);
  let answered = 0;
  for (const row of used) {
    right[row.goldPosition]! += 1 / used.length;
    if (row.chosenPosition !== null) { chosen[row.chosenPosition]!++; answered++; }
  }
  const chosenShare = chosen.map((count) => (answered === 0 ? 0 : count / answered));
  return { chosen: chosenShare, right, distance: chosenShare.reduce((sum, share, p) => sum + Math.abs(share - right[p]!), 0) / 2 };
}
