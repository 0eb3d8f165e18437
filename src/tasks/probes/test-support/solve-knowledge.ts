/**
 * An independent solver for `knowledge` questions: JavaScript's own Date (proleptic Gregorian) and
 * Intl month/weekday names for the calendar, a unit table in base units, a periodic table typed here
 * by atomic number, Roman numerals by digit tables.
 */
const MONTH_FORMAT = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });
const WEEKDAY_FORMAT = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' });
const monthName = (m: number): string => MONTH_FORMAT.format(new Date(Date.UTC(2001, m, 1)));
// 1 January 2001 was a Monday.
const weekdayName = (d: number): string => WEEKDAY_FORMAT.format(new Date(Date.UTC(2001, 0, 1 + d)));
const MONTHS = Array.from({ length: 12 }, (_, m) => monthName(m));
const WEEKDAYS = Array.from({ length: 7 }, (_, d) => weekdayName(d));

/** Atomic numbers 1..92, typed for this test. */
export const SYMBOLS_BY_NUMBER = (
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu ' +
  'Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U'
).split(' ');
export const NAMES_BY_NUMBER = (
  'hydrogen helium lithium beryllium boron carbon nitrogen oxygen fluorine neon sodium magnesium aluminium ' +
  'silicon phosphorus sulfur chlorine argon potassium calcium scandium titanium vanadium chromium manganese ' +
  'iron cobalt nickel copper zinc gallium germanium arsenic selenium bromine krypton rubidium strontium yttrium ' +
  'zirconium niobium molybdenum technetium ruthenium rhodium palladium silver cadmium indium tin antimony ' +
  'tellurium iodine xenon caesium barium lanthanum cerium praseodymium neodymium promethium samarium europium ' +
  'gadolinium terbium dysprosium holmium erbium thulium ytterbium lutetium hafnium tantalum tungsten rhenium ' +
  'osmium iridium platinum gold mercury thallium lead bismuth polonium astatine radon francium radium actinium thorium protactinium uranium'
).split(' ');

/** Each unit in a base unit of its dimension. */
const UNITS: Record<string, [string, number]> = {
  second: ['time', 1], minute: ['time', 60], hour: ['time', 3600], day: ['time', 86400], week: ['time', 604800],
  month: ['months', 1], year: ['months', 12], decade: ['months', 120], century: ['months', 1200],
  millimetre: ['metric', 1], centimetre: ['metric', 10], metre: ['metric', 1000], kilometre: ['metric', 1_000_000],
  inch: ['imperial', 1], foot: ['imperial', 12], yard: ['imperial', 36],
  gram: ['mass', 1], kilogram: ['mass', 1000], ounce: ['ounces', 1], pound: ['ounces', 16],
  millilitre: ['volume', 1], litre: ['volume', 1000], egg: ['count', 1], dozen: ['count', 12],
};
const IRREGULAR: Record<string, string> = { feet: 'foot', inches: 'inch', centuries: 'century', dozen: 'dozen' };
const singular = (word: string): string => IRREGULAR[word] ?? (UNITS[word] ? word : word.replace(/s$/, ''));

function unit(word: string): [string, number] {
  const found = UNITS[singular(word)];
  if (!found) throw new Error(`unknown unit ${word}`);
  return found;
}

const ROMAN_DIGITS = [
  ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'],
  ['', 'X', 'XX', 'XXX', 'XL', 'L', 'LX', 'LXX', 'LXXX', 'XC'],
  ['', 'C', 'CC', 'CCC', 'CD', 'D', 'DC', 'DCC', 'DCCC', 'CM'],
  ['', 'M', 'MM', 'MMM'],
];
const roman = (value: number): string =>
  String(value).split('').reverse().map((digit, place) => ROMAN_DIGITS[place]?.[Number(digit)] ?? '?').reverse().join('');

const ordinalOk = (n: number, suffix: string): boolean =>
  suffix === (n % 100 >= 11 && n % 100 <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th');
const dayCount = (from: number, to: number): number => (to - from) / 86_400_000;
const letter = (i: number): string => {
  if (i < 0 || i > 25) throw new Error('outside the alphabet');
  return String.fromCharCode(65 + i);
};

type Solver = [RegExp, (m: RegExpExecArray) => string];

const SOLVERS: readonly Solver[] = [
  [/^What is (\d+) times (\d+)\?$/, (m) => String(Number(m[1]) * Number(m[2]))],
  [/^How many (\w+) are in (one|\d+) (\w+)\?$/, (m) => {
    const [smallDim, small] = unit(m[1] as string);
    const [largeDim, large] = unit(m[3] as string);
    if (smallDim !== largeDim) throw new Error('units of different dimensions');
    return String(((m[2] === 'one' ? 1 : Number(m[2])) * large) / small);
  }],
  [/^Which month comes after (\w+)\?$/, (m) => MONTHS[MONTHS.indexOf(m[1] as string) + 1] ?? '?'],
  [/^Which day comes after (\w+)\?$/, (m) => WEEKDAYS[(WEEKDAYS.indexOf(m[1] as string) + 1) % 7] ?? '?'],
  [/^How many days does February (\d+) have\?$/, (m) => String(new Date(Date.UTC(Number(m[1]), 2, 0)).getUTCDate())],
  [/^How many days does (\w+) have\?$/, (m) => String(new Date(Date.UTC(2001, MONTHS.indexOf(m[1] as string) + 1, 0)).getUTCDate())],
  [/^What is the (\d+)(st|nd|rd|th) month of the year\?$/, (m) => (ordinalOk(Number(m[1]), m[2] as string) ? (MONTHS[Number(m[1]) - 1] ?? '?') : '?')],
  [/^What day of the week is (\d+) days after (\w+)\?$/, (m) => WEEKDAYS[(WEEKDAYS.indexOf(m[2] as string) + Number(m[1])) % 7] ?? '?'],
  [/^How many days are in the year (\d+)\?$/, (m) => String(dayCount(Date.UTC(Number(m[1]), 0, 1), Date.UTC(Number(m[1]) + 1, 0, 1)))],
  [/^What day of the week is (\d+) (\w+) (\d+)\?$/, (m) => {
    const date = new Date(Date.UTC(Number(m[3]), MONTHS.indexOf(m[2] as string), Number(m[1])));
    if (date.getUTCDate() !== Number(m[1])) throw new Error('no such date');
    return WEEKDAY_FORMAT.format(date);
  }],
  [/^What is the chemical symbol for (\w+)\?$/, (m) => SYMBOLS_BY_NUMBER[NAMES_BY_NUMBER.indexOf(m[1] as string)] ?? '?'],
  [/^Which element has the symbol (\w+)\?$/, (m) => NAMES_BY_NUMBER[SYMBOLS_BY_NUMBER.indexOf(m[1] as string)] ?? '?'],
  [/^What is (\d+) in Roman numerals\?$/, (m) => roman(Number(m[1]))],
  [/^Which letter comes after ([A-Z])\?$/, (m) => letter((m[1] as string).charCodeAt(0) - 64)],
  [/^What is the (\d+)(st|nd|rd|th) letter of the alphabet\?$/, (m) => (ordinalOk(Number(m[1]), m[2] as string) ? letter(Number(m[1]) - 1) : '?')],
  [/^What is the position of the letter ([A-Z]) in the alphabet\?$/, (m) => String((m[1] as string).charCodeAt(0) - 64)],
  [/^Which letter is (\d+) letters after ([A-Z])\?$/, (m) => letter((m[2] as string).charCodeAt(0) - 65 + Number(m[1]))],
];

/** The answer to a knowledge question, or an Error when the question is not understood. */
export function solveKnowledge(question: string): string {
  for (const [pattern, solve] of SOLVERS) {
    const match = pattern.exec(question);
    if (match) {
      const answer = solve(match);
      if (answer === '?' || answer === 'NaN') throw new Error(`cannot answer: ${question}`);
      return answer;
    }
  }
  throw new Error(`not a knowledge question: ${question}`);
}
