import { ELEMENTS, MONTH_NAMES, ordinal, toRoman, UNIT_RATIOS, unitChains, WEEKDAY_NAMES, daysInMonth, isLeapYear, weekdayOf } from './knowledge-facts.js';
import { nearbyIntegers, pickDistractors } from './pick-distractors.js';
import type { Difficulty, ProbeCase, ProbeGenerator } from './probe-case.js';
import type { ProbeRng } from './probe-rng.js';

type Maker = (rng: ProbeRng, difficulty: Difficulty) => ProbeCase;

function numeric(subtype: string, question: string, answer: number, wrong: number[], rng: ProbeRng): ProbeCase {
  const plausible = rng.shuffle(wrong.filter((value) => Number.isInteger(value) && value > 0)).map(String);
  return { question, answer: String(answer), distractors: pickDistractors(String(answer), [...plausible, ...nearbyIntegers(answer, 6, 1)]), match: 'numeric', subtype };
}

function word(subtype: string, question: string, answer: string, wrong: string[], rng: ProbeRng): ProbeCase {
  return { question, answer, distractors: pickDistractors(answer, rng.shuffle(wrong)), match: 'exact', subtype };
}

const TIMES_RANGES: Record<Difficulty, [number, number, number, number]> = {
  1: [2, 5, 1, 10], 2: [2, 9, 2, 9], 3: [6, 12, 6, 12], 4: [11, 19, 3, 9], 5: [12, 25, 12, 25],
};

const timesTable: Maker = (rng, difficulty) => {
  const [aMin, aMax, bMin, bMax] = TIMES_RANGES[difficulty];
  const a = rng.int(aMin, aMax);
  const b = rng.int(bMin, bMax);
  return numeric('times-table', `What is ${a} times ${b}?`, a * b, [a * (b + 1), a * (b - 1), (a + 1) * b, (a - 1) * b, a + b], rng);
};

const unitConversion: Maker = (rng, difficulty) => {
  if (difficulty >= 4) {
    const [first, second] = rng.pick(unitChains());
    const count = difficulty === 4 ? 1 : rng.int(2, 9);
    const answer = count * first.factor * second.factor;
    const question = `How many ${first.smallPlural} are in ${count === 1 ? 'one' : count} ${count === 1 ? second.large : second.largePlural}?`;
    return numeric('unit-conversion', question, answer, [count * first.factor, count * second.factor, answer * 10, answer / 10, count * (first.factor + second.factor)], rng);
  }
  const ratio = rng.pick(UNIT_RATIOS.filter((r) => (difficulty === 1 ? r.common : true)));
  const count = difficulty === 3 ? rng.int(2, 9) : 1;
  const answer = count * ratio.factor;
  const question = `How many ${ratio.smallPlural} are in ${count === 1 ? 'one' : count} ${count === 1 ? ratio.large : ratio.largePlural}?`;
  const otherFactors = UNIT_RATIOS.map((r) => count * r.factor);
  return numeric('unit-conversion', question, answer, [answer * 10, answer / 10, answer + count, ...rng.sample(otherFactors, 3)], rng);
};

const calendar: Maker = (rng, difficulty) => {
  const weekdays = [...WEEKDAY_NAMES];
  const months = [...MONTH_NAMES];
  if (difficulty === 1) {
    if (rng.chance(1, 2)) {
      const m = rng.int(0, 10);
      return word('calendar', `Which month comes after ${months[m]}?`, months[m + 1] as string, months.filter((_, i) => i !== m + 1), rng);
    }
    const d = rng.int(0, 5);
    return word('calendar', `Which day comes after ${weekdays[d]}?`, weekdays[d + 1] as string, weekdays, rng);
  }
  if (difficulty === 2) {
    if (rng.chance(1, 2)) {
      const m = rng.pick([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      return numeric('calendar', `How many days does ${months[m - 1]} have?`, daysInMonth(2001, m), [28, 29, 30, 31], rng);
    }
    const m = rng.int(1, 12);
    return word('calendar', `What is the ${ordinal(m)} month of the year?`, months[m - 1] as string, months, rng);
  }
  if (difficulty === 3) {
    if (rng.chance(1, 2)) {
      const year = rng.int(1901, 2099);
      return numeric('calendar', `How many days does February ${year} have?`, daysInMonth(year, 2), [28, 29, 30, 31], rng);
    }
    const d = rng.int(0, 6);
    const shift = rng.int(2, 6);
    return word('calendar', `What day of the week is ${shift} days after ${weekdays[d]}?`, weekdays[(d + shift) % 7] as string, weekdays, rng);
  }
  if (difficulty === 4) {
    const year = rng.chance(1, 2) ? rng.pick([1600, 1700, 1800, 1900, 2000, 2100, 2200, 2300, 2400]) : rng.int(1800, 2200);
    if (rng.chance(1, 2)) return numeric('calendar', `How many days are in the year ${year}?`, isLeapYear(year) ? 366 : 365, [365, 366, 364, 367], rng);
    return numeric('calendar', `How many days does February ${year} have?`, daysInMonth(year, 2), [28, 29, 30, 31], rng);
  }
  const year = rng.int(1900, 2099);
  const month = rng.int(1, 12);
  const day = rng.int(1, daysInMonth(year, month));
  return word('calendar', `What day of the week is ${day} ${months[month - 1]} ${year}?`, weekdays[weekdayOf(year, month, day)] as string, weekdays, rng);
};

const elementSymbol: Maker = (rng, difficulty) => {
  const reverse = difficulty >= 3 && rng.chance(1, 2);
  const tiers = reverse ? [difficulty - 2, difficulty - 1] : [difficulty];
  const element = rng.pick(ELEMENTS.filter((e) => tiers.includes(e.tier)));
  if (reverse) {
    const similar = ELEMENTS.filter((e) => e !== element && e.symbol[0] === element.symbol[0]).map((e) => e.name);
    const others = rng.shuffle(ELEMENTS.filter((e) => e !== element && Math.abs(e.tier - element.tier) <= 1).map((e) => e.name));
    const answer = element.name;
    return { question: `Which element has the symbol ${element.symbol}?`, answer, distractors: pickDistractors(answer, [...rng.shuffle(similar).slice(0, 2), ...others]), match: 'exact', subtype: 'element-name' };
  }
  const initial = element.name[0]?.toUpperCase() ?? '';
  const naive = `${initial}${element.name[1] ?? ''}`;
  const sameInitial = ELEMENTS.filter((e) => e !== element && (e.symbol[0] === initial || e.symbol[0] === element.symbol[0])).map((e) => e.symbol);
  const others = rng.shuffle(ELEMENTS.filter((e) => e !== element).map((e) => e.symbol));
  const answer = element.symbol;
  return {
    question: `What is the chemical symbol for ${element.name}?`,
    answer,
    distractors: pickDistractors(answer, [naive, ...rng.shuffle(sameInitial).slice(0, 2), ...others]),
    match: 'exact',
    subtype: 'element-symbol',
  };
};

const ROMAN_RANGES: Record<Difficulty, [number, number]> = { 1: [1, 5], 2: [1, 12], 3: [13, 50], 4: [51, 500], 5: [501, 3999] };

const romanNumeral: Maker = (rng, difficulty) => {
  const [min, max] = ROMAN_RANGES[difficulty];
  const value = rng.int(min, max);
  const near = [value + 1, value - 1, value + 5, value - 5, value + 10, value - 10, value + 2, value - 2, value + 3, value + 4];
  return word('roman-numeral', `What is ${value} in Roman numerals?`, toRoman(value), near.filter((v) => v >= 1 && v <= 3999).map(toRoman), rng);
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

const alphabet: Maker = (rng, difficulty) => {
  const letterNear = (index: number): string[] => [1, -1, 2, -2, 3, -3].map((o) => ALPHABET[index + o]).filter((l): l is string => l !== undefined);
  if (difficulty <= 1) {
    const i = rng.int(0, 12);
    return word('alphabet', `Which letter comes after ${ALPHABET[i]}?`, ALPHABET[i + 1] as string, [ALPHABET[i] as string, ...letterNear(i + 1)], rng);
  }
  if (difficulty <= 3) {
    const i = rng.int(0, difficulty === 2 ? 9 : 25);
    return word('alphabet', `What is the ${ordinal(i + 1)} letter of the alphabet?`, ALPHABET[i] as string, letterNear(i), rng);
  }
  if (difficulty === 4) {
    const i = rng.int(5, 25);
    return numeric('alphabet', `What is the position of the letter ${ALPHABET[i]} in the alphabet?`, i + 1, [i, i + 2, i - 1, i + 3], rng);
  }
  const i = rng.int(0, 15);
  const shift = rng.int(3, 9);
  return word('alphabet', `Which letter is ${shift} letters after ${ALPHABET[i]}?`, ALPHABET[i + shift] as string, letterNear(i + shift), rng);
};

const MAKERS: readonly Maker[] = [timesTable, unitConversion, calendar, elementSymbol, romanNumeral, alphabet];

/** `knowledge`: facts true by definition or computed here (units, times tables, calendar, elements, Roman numerals). */
export const knowledgeProbe: ProbeGenerator = {
  type: 'knowledge',
  description: 'fact retrieval over a built-in fact base: units, times tables, Gregorian calendar, element symbols, Roman numerals, alphabet',
  difficultyNote: '1 common facts (days in a week, 3 times 4, symbol of oxygen) ... 5 rare or computed ones (weekday of a date, 4-digit Roman numerals)',
  generate: (rng, difficulty) => rng.pick(MAKERS)(rng, difficulty),
};
