/** Minimises f over R^d by the Nelder–Mead simplex (standard coefficients); returns the best point. */
export function nelderMead(f: (point: number[]) => number, start: number[], step: number[], iterations = 400): { point: number[]; value: number } {
  const d = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((value, j) => (i === j ? value + step[i]! : value)))];
  let values = simplex.map((point) => f(point));
  for (let iteration = 0; iteration < iterations; iteration++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[d]! - values[0]!) <= 1e-12 * Math.abs(values[0]!) + 1e-18) break;
    const centroid = start.map((_, j) => simplex.slice(0, d).reduce((sum, point) => sum + point[j]!, 0) / d);
    const along = (t: number): number[] => centroid.map((value, j) => value + t * (simplex[d]![j]! - value));
    const reflected = along(-1);
    const reflectedValue = f(reflected);
    if (reflectedValue < values[0]!) {
      const expanded = along(-2);
      const expandedValue = f(expanded);
      [simplex[d], values[d]] = expandedValue < reflectedValue ? [expanded, expandedValue] : [reflected, reflectedValue];
    } else if (reflectedValue < values[d - 1]!) {
      [simplex[d], values[d]] = [reflected, reflectedValue];
    } else {
      const contracted = reflectedValue < values[d]! ? along(-0.5) : along(0.5);
      const contractedValue = f(contracted);
      if (contractedValue < Math.min(reflectedValue, values[d]!)) {
        [simplex[d], values[d]] = [contracted, contractedValue];
      } else {
        for (let i = 1; i <= d; i++) {
          simplex[i] = simplex[i]!.map((value, j) => simplex[0]![j]! + 0.5 * (value - simplex[0]![j]!));
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { point: simplex[best]!, value: values[best]! };
}
