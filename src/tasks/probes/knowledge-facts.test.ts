import { describe, expect, it } from 'vitest';
import { daysInMonth, ELEMENTS, isLeapYear, ordinal, toRoman, unitChains, weekdayOf } from './knowledge-facts.js';
import { NAMES_BY_NUMBER, SYMBOLS_BY_NUMBER } from './test-support/solve-knowledge.js';

describe('the knowledge fact base', () => {
  it('computes leap years, month lengths and weekdays as JavaScript Date does (1900-2099 every day, 1600-2400 every year)', () => {
    for (let year = 1600; year <= 2400; year++) {
      expect(isLeapYear(year)).toBe(new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1);
      for (let month = 1; month <= 12; month++) expect(daysInMonth(year, month)).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
    }
    for (let year = 1900; year <= 2099; year += 7) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= daysInMonth(year, month); day++) {
          expect(weekdayOf(year, month, day)).toBe((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7);
        }
      }
    }
  });

  it('gives every element the symbol and name of a periodic table typed separately', () => {
    for (const element of ELEMENTS) {
      expect(SYMBOLS_BY_NUMBER[element.atomicNumber - 1]).toBe(element.symbol);
      expect(NAMES_BY_NUMBER[element.atomicNumber - 1]).toBe(element.name);
    }
    expect(new Set(ELEMENTS.map((e) => e.symbol)).size).toBe(ELEMENTS.length);
  });

  it('writes standard Roman numerals (the canonical form, read back to the same number)', () => {
    const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
    const canonical = /^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
    for (let n = 1; n <= 3999; n++) {
      const roman = toRoman(n);
      expect(roman).toMatch(canonical);
      const digits = roman.split('').map((c) => values[c] as number);
      expect(digits.reduce((sum, v, i) => sum + (v < (digits[i + 1] ?? 0) ? -v : v), 0)).toBe(n);
    }
  });

  it('writes English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
  });

  it('chains unit ratios only through a shared unit', () => {
    for (const [first, second] of unitChains()) expect(first.large).toBe(second.small);
    expect(unitChains().length).toBeGreaterThan(5);
  });
});
