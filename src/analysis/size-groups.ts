/** Models of one size (replicate seeds, fine-tunes of one base) tested as one group. */
export interface SizeGroup<T> {
  params: number;
  members: T[];
}

/** Groups models by parameter count, sizes ascending (members in input order). */
export function sizeGroups<T extends { params: number }>(models: T[]): Array<SizeGroup<T>> {
  const groups = new Map<number, T[]>();
  for (const model of models) {
    const members = groups.get(model.params);
    if (members) members.push(model);
    else groups.set(model.params, [model]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([params, members]) => ({ params, members }));
}

/** One step of the fixed-order non-inferiority test. */
export interface NonInferiorityStep {
  model: string;
  params: number;
  /** One-sided 95% upper bound of acc_best − acc_size. */
  upperBound: number;
  passed: boolean;
}

/**
 * The fixed-order test of DESIGN.md section 3: from the size below the best one down, a size
 * passes while its bound is under the margin; the first failure stops the test. Returns the index
 * (into `groups`) of the smallest size that passed (the best's own index when none did) and the steps.
 */
export function fixedOrderNonInferior<T>(
  groups: Array<SizeGroup<T>>,
  best: number,
  upperBound: (group: number) => number,
  margin: number,
  label: (group: number) => string,
): { pick: number; steps: NonInferiorityStep[] } {
  const steps: NonInferiorityStep[] = [];
  let pick = best;
  for (let g = best - 1; g >= 0; g--) {
    const bound = upperBound(g);
    const passed = bound < margin;
    steps.push({ model: label(g), params: groups[g]!.params, upperBound: bound, passed });
    if (!passed) break;
    pick = g;
  }
  return { pick, steps };
}
