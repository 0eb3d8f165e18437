import type { ProbeType } from '../probe-case.js';
import { solveCompositional } from './solve-compositional.js';
import { solveKnowledge } from './solve-knowledge.js';
import { solvePattern } from './solve-pattern.js';
import { solveTemporal } from './solve-temporal.js';

/** The independent solver of each probe type (tests only). */
export const PROBE_SOLVERS: Readonly<Record<ProbeType, (question: string) => string>> = {
  pattern: solvePattern,
  knowledge: solveKnowledge,
  temporal: solveTemporal,
  compositional: solveCompositional,
};
