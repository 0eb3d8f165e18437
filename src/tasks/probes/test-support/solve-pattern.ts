/**
 * An independent solver for `pattern` questions, written apart from the generator: it knows a family
 * of sequence rules (polynomials up to degree 2 by finite differences, x[n] = p·x[n−1] + q, periods
 * 2 and 3, x[n] = x[n−1] + x[n−2], two interleaved arithmetic sequences), finds every rule that fits
 * all shown terms with at least one term to spare, and answers only when all fitting rules agree.
 */
type Rule = (xs: readonly number[]) => number | undefined;

const polynomial = (degree: number): Rule => (xs) => {
  const table: number[][] = [[...xs]];
  for (let k = 1; k <= degree + 1; k++) {
    const previous = table[k - 1] as number[];
    table.push(previous.slice(1).map((v, i) => v - (previous[i] as number)));
  }
  const check = table[degree + 1] as number[];
  if (check.length === 0 || check.some((v) => v !== 0)) return undefined;
  let next = 0;
  for (let k = degree; k >= 0; k--) next += (table[k] as number[])[(table[k] as number[]).length - 1] as number;
  return next;
};

const affine: Rule = (xs) => {
  if (xs.length < 4) return undefined;
  const [a, b, c] = xs as [number, number, number];
  if (b === a) return undefined;
  const p = (c - b) / (b - a);
  const q = b - p * a;
  for (let i = 1; i < xs.length; i++) if (Math.abs(p * (xs[i - 1] as number) + q - (xs[i] as number)) > 1e-9) return undefined;
  const next = p * (xs[xs.length - 1] as number) + q;
  return Number.isInteger(next) ? next : undefined;
};

const periodic = (period: number): Rule => (xs) => {
  if (xs.length < period + 2) return undefined;
  for (let i = period; i < xs.length; i++) if (xs[i] !== xs[i - period]) return undefined;
  return xs[xs.length - period];
};

const sumOfTwo: Rule = (xs) => {
  if (xs.length < 4) return undefined;
  for (let i = 2; i < xs.length; i++) if (xs[i] !== (xs[i - 1] as number) + (xs[i - 2] as number)) return undefined;
  return (xs[xs.length - 1] as number) + (xs[xs.length - 2] as number);
};

const interleaved: Rule = (xs) => {
  const evens = xs.filter((_, i) => i % 2 === 0);
  const odds = xs.filter((_, i) => i % 2 === 1);
  if (evens.length < 3 || odds.length < 3) return undefined;
  const line = polynomial(1);
  const [nextEven, nextOdd] = [line(evens), line(odds)];
  if (nextEven === undefined || nextOdd === undefined) return undefined;
  return xs.length % 2 === 0 ? nextEven : nextOdd;
};

const RULES: readonly Rule[] = [polynomial(0), polynomial(1), polynomial(2), affine, periodic(2), periodic(3), sumOfTwo, interleaved];

/** The next term of a shown sequence, or an Error when no rule fits or fitting rules disagree. */
export function solvePattern(question: string): string {
  const match = /^What comes next in the sequence (.+)\?$/.exec(question);
  if (!match) throw new Error(`not a pattern question: ${question}`);
  const tokens = (match[1] as string).split(', ');
  const letters = tokens.every((t) => /^[A-Z]$/.test(t));
  const xs = tokens.map((t) => (letters ? t.charCodeAt(0) - 65 : Number(t)));
  if (xs.some((x) => !Number.isInteger(x))) throw new Error(`unreadable terms: ${question}`);
  const predictions = new Set(RULES.map((rule) => rule(xs)).filter((p): p is number => p !== undefined));
  if (predictions.size !== 1) throw new Error(`${predictions.size} different continuations [${[...predictions].join(', ')}] for: ${question}`);
  const next = [...predictions][0] as number;
  if (letters) {
    if (next < 0 || next > 25) throw new Error(`continuation leaves the alphabet: ${question}`);
    return String.fromCharCode(65 + next);
  }
  return String(next);
}
