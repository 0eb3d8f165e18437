import { describe, expect, it } from 'vitest';
import { solveCompositional } from './solve-compositional.js';
import { solveKnowledge } from './solve-knowledge.js';
import { solvePattern } from './solve-pattern.js';
import { solveTemporal } from './solve-temporal.js';

// The solvers judge the generators, so they are first checked on questions written by hand.
describe('independent solvers on hand-written questions', () => {
  it('pattern: continues sequences and refuses ambiguous or unknown ones', () => {
    expect(solvePattern('What comes next in the sequence 3, 6, 9, 12?')).toBe('15');
    expect(solvePattern('What comes next in the sequence 2, 6, 18, 54?')).toBe('162');
    expect(solvePattern('What comes next in the sequence 1, 1, 2, 3, 5, 8?')).toBe('13');
    expect(solvePattern('What comes next in the sequence 1, 10, 2, 20, 3, 30, 4?')).toBe('40');
    expect(solvePattern('What comes next in the sequence 4, 9, 2, 4, 9, 2, 4?')).toBe('9');
    expect(solvePattern('What comes next in the sequence 1, 4, 9, 16, 25?')).toBe('36');
    expect(solvePattern('What comes next in the sequence Z, X, V, T?')).toBe('R');
    expect(() => solvePattern('What comes next in the sequence 1, 2?')).toThrow(/continuations/);
    expect(() => solvePattern('What comes next in the sequence 1, 7, 2, 9, 4?')).toThrow(/continuations/);
    expect(() => solvePattern('What comes next in the sequence W, X, Y, Z?')).toThrow(/alphabet/);
  });

  it('knowledge: answers from Date, Intl and its own tables', () => {
    expect(solveKnowledge('What is 7 times 8?')).toBe('56');
    expect(solveKnowledge('How many seconds are in one hour?')).toBe('3600');
    expect(solveKnowledge('How many inches are in 2 yards?')).toBe('72');
    expect(solveKnowledge('How many years are in 3 centuries?')).toBe('300');
    expect(solveKnowledge('How many days does February 1900 have?')).toBe('28');
    expect(solveKnowledge('How many days does February 2000 have?')).toBe('29');
    expect(solveKnowledge('How many days are in the year 2100?')).toBe('365');
    expect(solveKnowledge('What day of the week is 1 January 2000?')).toBe('Saturday');
    expect(solveKnowledge('What day of the week is 20 July 1969?')).toBe('Sunday');
    expect(solveKnowledge('Which month comes after December?'.replace('December', 'November'))).toBe('December');
    expect(solveKnowledge('What day of the week is 3 days after Saturday?')).toBe('Tuesday');
    expect(solveKnowledge('What is the chemical symbol for tungsten?')).toBe('W');
    expect(solveKnowledge('Which element has the symbol Pb?')).toBe('lead');
    expect(solveKnowledge('What is 1994 in Roman numerals?')).toBe('MCMXCIV');
    expect(solveKnowledge('What is the 22nd letter of the alphabet?')).toBe('V');
    expect(() => solveKnowledge('What is the 22th letter of the alphabet?')).toThrow();
    expect(() => solveKnowledge('How many grams are in one foot?')).toThrow(/dimensions/);
  });

  it('temporal: brute force over orderings, propagation over days', () => {
    expect(solveTemporal('Ann arrived before Bob. Cleo arrived after Bob. Who arrived first?')).toBe('Ann');
    expect(solveTemporal('Ann arrived before Bob. Cleo arrived after Bob. Who arrived right after Ann?')).toBe('Bob');
    expect(() => solveTemporal('Ann arrived before Bob. Ann arrived before Cleo. Who arrived last?')).toThrow(/2 possible answers/);
    expect(solveTemporal('Ann arrived on day 4. Bob arrived 3 days after Ann. Cleo arrived 5 days before Bob. On which day did Cleo arrive?')).toBe('2');
    expect(solveTemporal('Ann arrived on day 4. Bob arrived 3 days after Ann. Cleo arrived 5 days before Bob. Who arrived first?')).toBe('Cleo');
    expect(() => solveTemporal('Bob arrived 3 days after Ann. On which day did Bob arrive?')).toThrow(/not determined/);
  });

  it('compositional: re-evaluates steps, nested functions and relation chains', () => {
    expect(solveCompositional('Start with 4. Add 3, then double it, then subtract 5. What is the result?')).toBe('9');
    expect(solveCompositional('Let f(x) = x + 1, g(x) = x * 3. What is f(g(f(2)))?')).toBe('10');
    expect(solveCompositional("Ann's friend is Bob. Bob's boss is Cleo. Ann's boss is Dan. Who is the boss of the friend of Ann?")).toBe('Cleo');
    expect(() => solveCompositional("Ann's friend is Bob. Who is the boss of the friend of Ann?")).toThrow(/no fact/);
  });
});
