import { nearbyIntegers, pickDistractors } from './pick-distractors.js';
import type { Difficulty, ProbeCase, ProbeGenerator } from './probe-case.js';
import type { ProbeRng } from './probe-rng.js';

/** A sequence rule drawn by the generator: the shown terms, the next term, and wrong-rule guesses. */
interface Sequence {
  subtype: string;
  terms: number[];
  next: number;
  /** Continuations a plausible wrong rule gives (repeat the last step, stop early, ...). */
  wrongGuesses: number[];
}

function arithmetic(rng: ProbeRng, startMax: number, stepMin: number, stepMax: number, count: number, allowDown: boolean): Sequence {
  const step = rng.int(stepMin, stepMax);
  const down = allowDown && rng.chance(1, 2);
  const start = down ? rng.int(step * count + 1, step * count + startMax) : rng.int(1, startMax);
  const delta = down ? -step : step;
  const terms = Array.from({ length: count }, (_, i) => start + delta * i);
  const last = terms[count - 1] as number;
  return { subtype: 'arithmetic', terms, next: last + delta, wrongGuesses: [last, last + 2 * delta, last - delta + 1, last + delta + 1] };
}

function periodic(rng: ProbeRng, period: number, count: number): Sequence {
  const cycle = rng.sample(Array.from({ length: 20 }, (_, i) => i + 1), period);
  const terms = Array.from({ length: count }, (_, i) => cycle[i % period] as number);
  const last = terms[count - 1] as number;
  return { subtype: `period-${period}`, terms, next: cycle[count % period] as number, wrongGuesses: [last, ...cycle, last + 1] };
}

function geometric(rng: ProbeRng, count: number): Sequence {
  const ratio = rng.pick([2, 3]);
  if (rng.chance(1, 3)) {
    const last = rng.int(1, 5);
    const terms = Array.from({ length: count }, (_, i) => last * ratio ** (count - i));
    return { subtype: 'geometric-down', terms, next: last, wrongGuesses: [last * ratio, 0, last + 1, last * 2 * ratio] };
  }
  const start = rng.int(1, 5);
  const terms = Array.from({ length: count }, (_, i) => start * ratio ** i);
  const last = terms[count - 1] as number;
  return { subtype: 'geometric', terms, next: last * ratio, wrongGuesses: [last + (last - (terms[count - 2] as number)), last * (ratio + 1), last * ratio + 1, last * 2 * ratio] };
}

function alternatingSteps(rng: ProbeRng, count: number): Sequence {
  const [a, b] = rng.sample([1, 2, 3, 4, 5, 6, 7, 8, 9], 2) as [number, number];
  const terms = [rng.int(1, 20)];
  for (let i = 1; i < count; i++) terms.push((terms[i - 1] as number) + (i % 2 === 1 ? a : b));
  const last = terms[count - 1] as number;
  const nextStep = count % 2 === 1 ? a : b;
  const otherStep = nextStep === a ? b : a;
  return { subtype: 'alternating-steps', terms, next: last + nextStep, wrongGuesses: [last + otherStep, last + a + b, last + nextStep + 1] };
}

function quadratic(rng: ProbeRng, count: number, secondMax: number): Sequence {
  const second = rng.int(1, secondMax);
  let step = rng.int(1, 5);
  const terms = [rng.int(1, 20)];
  for (let i = 1; i < count; i++) {
    terms.push((terms[i - 1] as number) + step);
    step += second;
  }
  const last = terms[count - 1] as number;
  return { subtype: 'growing-steps', terms, next: last + step, wrongGuesses: [last + step - second, last + step + second, last + step - 1] };
}

function doublingSteps(rng: ProbeRng, count: number): Sequence {
  let step = rng.int(1, 3);
  const terms = [rng.int(1, 20)];
  for (let i = 1; i < count; i++) {
    terms.push((terms[i - 1] as number) + step);
    step *= 2;
  }
  const last = terms[count - 1] as number;
  return { subtype: 'doubling-steps', terms, next: last + step, wrongGuesses: [last + step / 2, last + step + step / 2, last * 2] };
}

function fibonacciLike(rng: ProbeRng, count: number): Sequence {
  const terms = [rng.int(1, 5), rng.int(2, 7)];
  while (terms.length < count) terms.push((terms[terms.length - 1] as number) + (terms[terms.length - 2] as number));
  const last = terms[count - 1] as number;
  const previous = terms[count - 2] as number;
  return { subtype: 'sum-of-two', terms, next: last + previous, wrongGuesses: [last + (last - previous), last * 2, last + previous + 1] };
}

function interleaved(rng: ProbeRng, count: number): Sequence {
  const evenStart = rng.int(1, 9);
  const evenStep = rng.int(1, 4);
  const oddStart = rng.int(2, 9) * 10;
  const oddStep = rng.pick([10, 5, 20]);
  const at = (i: number): number => (i % 2 === 0 ? evenStart + evenStep * (i / 2) : oddStart + oddStep * ((i - 1) / 2));
  const terms = Array.from({ length: count }, (_, i) => at(i));
  return { subtype: 'interleaved', terms, next: at(count), wrongGuesses: [at(count + 1), at(count - 1), at(count - 2), at(count) + 1] };
}

function numberCase(sequence: Sequence, rng: ProbeRng): ProbeCase {
  const answer = String(sequence.next);
  const plausible = rng.shuffle(sequence.wrongGuesses.filter((value) => value >= 0).map(String));
  return {
    question: `What comes next in the sequence ${sequence.terms.join(', ')}?`,
    answer,
    distractors: pickDistractors(answer, [...plausible, ...nearbyIntegers(sequence.next, 6, 0)]),
    match: 'numeric',
    subtype: sequence.subtype,
  };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function letterCase(rng: ProbeRng, stepMax: number, count: number, allowDown: boolean): ProbeCase {
  const step = rng.int(1, stepMax) * (allowDown && rng.chance(1, 3) ? -1 : 1);
  const span = Math.abs(step) * count;
  const start = step > 0 ? rng.int(0, 25 - span) : rng.int(span, 25);
  const positions = Array.from({ length: count + 1 }, (_, i) => start + step * i);
  const next = positions[count] as number;
  const letter = (position: number): string => LETTERS[position] ?? '';
  const wrong = [next + step, next - step, next + 1, next - 1, next + 2, next - 2, next + 3, next - 3].filter((p) => p >= 0 && p < 26);
  const answer = letter(next);
  return {
    question: `What comes next in the sequence ${positions.slice(0, count).map(letter).join(', ')}?`,
    answer,
    distractors: pickDistractors(answer, [...rng.shuffle(wrong.slice(0, 3)).map(letter), ...wrong.slice(3).map(letter)]),
    match: 'exact',
    subtype: step > 0 ? 'letters' : 'letters-down',
  };
}

function generatePattern(rng: ProbeRng, difficulty: Difficulty): ProbeCase {
  switch (difficulty) {
    case 1:
      return rng.chance(3, 4) ? numberCase(arithmetic(rng, 40, 1, 4, 4, false), rng) : letterCase(rng, 1, 4, false);
    case 2: {
      const pick = rng.int(0, 2);
      if (pick === 0) return numberCase(arithmetic(rng, 30, 2, 9, 4, true), rng);
      if (pick === 1) return numberCase(periodic(rng, 2, 5), rng);
      return letterCase(rng, 2, 4, false);
    }
    case 3: {
      const pick = rng.int(0, 3);
      if (pick === 0) return numberCase(geometric(rng, 4), rng);
      if (pick === 1) return numberCase(periodic(rng, 3, 7), rng);
      if (pick === 2) return numberCase(arithmetic(rng, 99, 11, 25, 4, true), rng);
      return letterCase(rng, 3, 4, true);
    }
    case 4: {
      const pick = rng.int(0, 2);
      if (pick === 0) return numberCase(alternatingSteps(rng, 6), rng);
      if (pick === 1) return numberCase(quadratic(rng, 5, 2), rng);
      return numberCase(geometric(rng, 5), rng);
    }
    case 5: {
      const pick = rng.int(0, 3);
      if (pick === 0) return numberCase(interleaved(rng, 7), rng);
      if (pick === 1) return numberCase(fibonacciLike(rng, 6), rng);
      if (pick === 2) return numberCase(doublingSteps(rng, 6), rng);
      return numberCase(quadratic(rng, 5, 4), rng);
    }
  }
}

/** `pattern`: sequence continuation (arithmetic, geometric, periodic, nested sequences, letter patterns). */
export const patternProbe: ProbeGenerator = {
  type: 'pattern',
  description: 'sequence continuation: arithmetic, geometric, periodic and nested number sequences, letter patterns',
  difficultyNote: '1 counting by 1-4 ... 3 geometric/period-3 ... 5 interleaved, sum-of-two, doubling or growing steps',
  generate: generatePattern,
};
