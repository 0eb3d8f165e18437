/** (3 − √5)/2: the golden-section fraction. */
const GOLDEN = 0.3819660112501051;
const SQRT_EPSILON = Math.sqrt(Number.EPSILON);

/**
 * The minimum of `f` on [low, high] by Brent's method (R. P. Brent, Algorithms for Minimization
 * without Derivatives, 1973, ch. 5): parabolic steps through the three best points, golden-section
 * steps where a parabola is not trusted; stops when the point is known to within `tolerance`
 * (absolute, in x) plus √ε·|x|. A smooth function takes ~10 evaluations where golden sections alone take ~40.
 * Returns the point and its value.
 */
export function brentMinimum(f: (x: number) => number, low: number, high: number, tolerance: number, maxEvaluations = 100): { x: number; value: number } {
  let a = Math.min(low, high);
  let b = Math.max(low, high);
  let x = a + GOLDEN * (b - a);
  let w = x;
  let v = x;
  let fx = f(x);
  let fw = fx;
  let fv = fx;
  let step = 0; // the last step taken
  let earlier = 0; // the step before it
  for (let evaluation = 1; evaluation < maxEvaluations; evaluation++) {
    const middle = (a + b) / 2;
    // below √ε relative, f is flat to rounding: no step can tell points apart
    const tol = tolerance + SQRT_EPSILON * Math.abs(x);
    if (Math.abs(x - middle) <= 2 * tol - (b - a) / 2) break;
    let parabolic = false;
    if (Math.abs(earlier) > tol) {
      // the vertex of the parabola through (x, fx), (w, fw), (v, fv), as x + p/q
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      const previous = earlier;
      earlier = step;
      // accepted only if it falls inside the bracket and moves less than half the step before last
      if (Math.abs(p) < Math.abs(0.5 * q * previous) && p > q * (a - x) && p < q * (b - x)) {
        step = p / q;
        const u = x + step;
        if (u - a < 2 * tol || b - u < 2 * tol) step = x < middle ? tol : -tol;
        parabolic = true;
      }
    }
    if (!parabolic) {
      earlier = (x < middle ? b : a) - x;
      step = GOLDEN * earlier;
    }
    const u = Math.abs(step) >= tol ? x + step : x + (step > 0 ? tol : -tol);
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      [v, fv, w, fw, x, fx] = [w, fw, x, fx, u, fu];
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) [v, fv, w, fw] = [w, fw, u, fu];
      else if (fu <= fv || v === x || v === w) [v, fv] = [u, fu];
    }
  }
  return { x, value: fx };
}
