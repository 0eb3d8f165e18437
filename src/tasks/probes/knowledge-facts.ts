/**
 * The fact base of the `knowledge` probes, written for this project: definitions (unit ratios,
 * element symbols, month names) and facts computed here from the Gregorian calendar rules and from
 * arithmetic. Nothing is copied from a data set.
 */

/** A chemical element by definition: name, symbol, atomic number; `tier` 1 = best known. */
export interface ElementFact {
  name: string;
  symbol: string;
  atomicNumber: number;
  tier: 1 | 2 | 3 | 4 | 5;
}

const ELEMENT_ROWS: ReadonlyArray<readonly [string, string, number, 1 | 2 | 3 | 4 | 5]> = [
  ['hydrogen', 'H', 1, 1], ['oxygen', 'O', 8, 1], ['carbon', 'C', 6, 1], ['nitrogen', 'N', 7, 1], ['helium', 'He', 2, 1],
  ['iron', 'Fe', 26, 2], ['gold', 'Au', 79, 2], ['silver', 'Ag', 47, 2], ['copper', 'Cu', 29, 2], ['sodium', 'Na', 11, 2],
  ['calcium', 'Ca', 20, 2], ['neon', 'Ne', 10, 2], ['sulfur', 'S', 16, 2], ['zinc', 'Zn', 30, 2], ['chlorine', 'Cl', 17, 2],
  ['potassium', 'K', 19, 3], ['lead', 'Pb', 82, 3], ['tin', 'Sn', 50, 3], ['mercury', 'Hg', 80, 3], ['magnesium', 'Mg', 12, 3],
  ['aluminium', 'Al', 13, 3], ['silicon', 'Si', 14, 3], ['phosphorus', 'P', 15, 3], ['iodine', 'I', 53, 3],
  ['fluorine', 'F', 9, 3], ['lithium', 'Li', 3, 3], ['nickel', 'Ni', 28, 3], ['uranium', 'U', 92, 3], ['platinum', 'Pt', 78, 3],
  ['tungsten', 'W', 74, 4], ['antimony', 'Sb', 51, 4], ['manganese', 'Mn', 25, 4], ['chromium', 'Cr', 24, 4],
  ['cobalt', 'Co', 27, 4], ['argon', 'Ar', 18, 4], ['boron', 'B', 5, 4], ['barium', 'Ba', 56, 4], ['titanium', 'Ti', 22, 4],
  ['bromine', 'Br', 35, 4],
  ['cadmium', 'Cd', 48, 5], ['bismuth', 'Bi', 83, 5], ['arsenic', 'As', 33, 5], ['selenium', 'Se', 34, 5],
  ['strontium', 'Sr', 38, 5], ['rubidium', 'Rb', 37, 5], ['caesium', 'Cs', 55, 5], ['molybdenum', 'Mo', 42, 5],
  ['palladium', 'Pd', 46, 5], ['osmium', 'Os', 76, 5], ['iridium', 'Ir', 77, 5], ['beryllium', 'Be', 4, 5],
  ['scandium', 'Sc', 21, 5], ['vanadium', 'V', 23, 5], ['gallium', 'Ga', 31, 5], ['germanium', 'Ge', 32, 5],
  ['krypton', 'Kr', 36, 5], ['xenon', 'Xe', 54, 5], ['radon', 'Rn', 86, 5], ['zirconium', 'Zr', 40, 5],
  ['niobium', 'Nb', 41, 5], ['tellurium', 'Te', 52, 5], ['thallium', 'Tl', 81, 5], ['polonium', 'Po', 84, 5],
];

export const ELEMENTS: readonly ElementFact[] = ELEMENT_ROWS.map(([name, symbol, atomicNumber, tier]) => ({ name, symbol, atomicNumber, tier }));

/** A unit ratio by definition: one `large` is `factor` `small`s. */
export interface UnitRatio {
  small: string;
  smallPlural: string;
  large: string;
  largePlural: string;
  factor: number;
  /** Known to nearly everyone (days in a week, minutes in an hour). */
  common: boolean;
}

const RATIO_ROWS: ReadonlyArray<readonly [string, string, string, string, number, boolean]> = [
  ['day', 'days', 'week', 'weeks', 7, true],
  ['hour', 'hours', 'day', 'days', 24, true],
  ['minute', 'minutes', 'hour', 'hours', 60, true],
  ['second', 'seconds', 'minute', 'minutes', 60, true],
  ['month', 'months', 'year', 'years', 12, true],
  ['year', 'years', 'decade', 'decades', 10, false],
  ['year', 'years', 'century', 'centuries', 100, false],
  ['millimetre', 'millimetres', 'centimetre', 'centimetres', 10, false],
  ['centimetre', 'centimetres', 'metre', 'metres', 100, true],
  ['metre', 'metres', 'kilometre', 'kilometres', 1000, false],
  ['gram', 'grams', 'kilogram', 'kilograms', 1000, false],
  ['millilitre', 'millilitres', 'litre', 'litres', 1000, false],
  ['inch', 'inches', 'foot', 'feet', 12, false],
  ['foot', 'feet', 'yard', 'yards', 3, false],
  ['ounce', 'ounces', 'pound', 'pounds', 16, false],
  ['egg', 'eggs', 'dozen', 'dozen', 12, true],
];

export const UNIT_RATIOS: readonly UnitRatio[] = RATIO_ROWS.map(([small, smallPlural, large, largePlural, factor, common]) => ({
  small, smallPlural, large, largePlural, factor, common,
}));

/** Two-step chains where the large unit of one ratio is the small unit of the next (seconds→minutes→hours). */
export function unitChains(): Array<[UnitRatio, UnitRatio]> {
  const chains: Array<[UnitRatio, UnitRatio]> = [];
  for (const first of UNIT_RATIOS) {
    for (const second of UNIT_RATIOS) {
      if (first.large === second.small && first.small !== 'egg') chains.push([first, second]);
    }
  }
  return chains;
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** Gregorian rule: divisible by 4, except centuries, except centuries divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1 = January) of a Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day of the week (0 = Monday) by counting days from Monday 1 January 1900 (years ≥ 1900). */
export function weekdayOf(year: number, month: number, day: number): number {
  let days = 0;
  for (let y = 1900; y < year; y++) days += isLeapYear(y) ? 366 : 365;
  for (let m = 1; m < month; m++) days += daysInMonth(year, m);
  days += day - 1;
  return days % 7;
}

const ROMAN_STEPS: ReadonlyArray<readonly [number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

/** The standard Roman numeral of 1..3999. */
export function toRoman(value: number): string {
  let rest = value;
  let out = '';
  for (const [step, symbol] of ROMAN_STEPS) {
    while (rest >= step) {
      out += symbol;
      rest -= step;
    }
  }
  return out;
}

/** English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st... */
export function ordinal(value: number): string {
  const lastTwo = value % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${value}th`;
  const suffix = ['th', 'st', 'nd', 'rd'][value % 10] ?? 'th';
  return `${value}${suffix}`;
}
