import { compositionalProbe } from './compositional-probe.js';
import { knowledgeProbe } from './knowledge-probe.js';
import { patternProbe } from './pattern-probe.js';
import type { ProbeGenerator, ProbeType } from './probe-case.js';
import { temporalProbe } from './temporal-probe.js';

/** Every built-in probe generator, by type, in the order `scalegap probe --list` shows them. */
export const PROBE_GENERATORS: Readonly<Record<ProbeType, ProbeGenerator>> = {
  pattern: patternProbe,
  knowledge: knowledgeProbe,
  temporal: temporalProbe,
  compositional: compositionalProbe,
};
