import { nearbyIntegers, pickDistractors } from './pick-distractors.js';
import type { Difficulty, ProbeCase, ProbeGenerator } from './probe-case.js';
import type { ProbeRng } from './probe-rng.js';

interface Operation {
  symbol: '+' | '-' | '*';
  operand: number;
}

function apply(value: number, op: Operation): number {
  if (op.symbol === '+') return value + op.operand;
  if (op.symbol === '-') return value - op.operand;
  return value * op.operand;
}

function run(start: number, ops: readonly Operation[]): number[] {
  const values = [start];
  for (const op of ops) values.push(apply(values[values.length - 1] as number, op));
  return values;
}

function drawOperation(rng: ProbeRng): Operation {
  const kind = rng.int(0, 4);
  if (kind <= 1) return { symbol: '+', operand: rng.int(1, 9) };
  if (kind <= 3) return { symbol: '-', operand: rng.int(1, 9) };
  return { symbol: '*', operand: rng.int(2, 3) };
}

function inWords(op: Operation): string {
  if (op.symbol === '+') return `add ${op.operand}`;
  if (op.symbol === '-') return `subtract ${op.operand}`;
  return op.operand === 2 ? 'double it' : 'triple it';
}

/** Draws a start and a sequence of steps whose intermediate values stay in 0..999 (rejection sampling). */
function drawChain(rng: ProbeRng, draw: () => Operation[]): { start: number; ops: Operation[]; values: number[] } {
  for (;;) {
    const start = rng.int(1, 9);
    const ops = draw();
    const values = run(start, ops);
    if (values.every((v) => v >= 0 && v <= 999) && run(start, [...ops].reverse()).every((v) => v >= 0)) return { start, ops, values };
  }
}

function arithmeticCase(rng: ProbeRng, depth: number, nested: boolean): ProbeCase {
  const functionNames = ['f', 'g', 'h', 'k'];
  const functionCount = nested ? Math.min(depth, 3) : depth;
  let definitions: Operation[] = [];
  let calls: number[] = [];
  const { start, ops, values } = drawChain(rng, () => {
    definitions = Array.from({ length: functionCount }, () => drawOperation(rng));
    calls = nested ? [...rng.shuffle(definitions.map((_, i) => i)), ...Array.from({ length: depth - functionCount }, () => rng.int(0, functionCount - 1))] : definitions.map((_, i) => i);
    return calls.map((i) => definitions[i] as Operation);
  });
  const result = values[values.length - 1] as number;
  let question: string;
  if (nested) {
    const defs = definitions.map((op, i) => `${functionNames[i]}(x) = x ${op.symbol} ${op.operand}`).join(', ');
    const call = calls.reduce((inner, i) => `${functionNames[i]}(${inner})`, String(start));
    question = `Let ${defs}. What is ${call}?`;
  } else {
    const steps = ops.map(inWords);
    question = `Start with ${start}. ${steps.map((s, i) => (i === 0 ? s[0]?.toUpperCase() + s.slice(1) : `then ${s}`)).join(', ')}. What is the result?`;
  }
  const reversed = run(start, [...ops].reverse());
  const lastOp = ops[ops.length - 1] as Operation;
  const wrong = [reversed[reversed.length - 1] as number, values[values.length - 2] as number, lastOp.symbol === '*' ? result + lastOp.operand : apply(result, lastOp)];
  return {
    question,
    answer: String(result),
    distractors: pickDistractors(String(result), [...rng.shuffle(wrong.filter((v) => v >= 0).map(String)), ...nearbyIntegers(result, 6, 0)]),
    match: 'numeric',
    subtype: nested ? 'nested-functions' : 'step-chain',
  };
}

const NAMES = ['Ann', 'Bob', 'Cleo', 'Dan', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivan', 'Jill', 'Kai', 'Lena', 'Max', 'Nora', 'Omar', 'Pia'];
const RELATIONS = ['friend', 'boss', 'neighbour', 'teacher', 'coach'];

/** "Ann's friend is Bob. Bob's boss is Cleo. ... Who is the boss of the friend of Ann?" */
function relationCase(rng: ProbeRng, hops: number, decoyCount: number): ProbeCase {
  const people = rng.sample(NAMES, hops + 1);
  const relations = Array.from({ length: hops }, () => rng.pick(RELATIONS));
  const facts = new Map<string, string>();
  const key = (person: string, relation: string): string => `${person}'s ${relation}`;
  for (let i = 0; i < hops; i++) facts.set(key(people[i] as string, relations[i] as string), people[i + 1] as string);
  // Decoys: the relations in the wrong order lead somewhere else; plus random other facts.
  const wrongOrder = [...relations].reverse();
  let walker = people[0] as string;
  for (const relation of wrongOrder) {
    const k = key(walker, relation);
    if (!facts.has(k)) facts.set(k, rng.pick(NAMES.filter((n) => n !== walker)));
    walker = facts.get(k) as string;
  }
  for (let added = 0, tries = 0; added < decoyCount && tries < 100; tries++) {
    const person = rng.pick(people);
    const k = key(person, rng.pick(RELATIONS));
    if (facts.has(k)) continue;
    facts.set(k, rng.pick(NAMES.filter((n) => n !== person)));
    added++;
  }
  const answer = people[hops] as string;
  const phrase = [...relations].reverse().map((r) => `the ${r}`).join(' of ');
  const text = rng.shuffle([...facts].map(([k, v]) => `${k} is ${v}.`)).join(' ');
  const others = [...new Set(facts.values())];
  return {
    question: `${text} Who is ${phrase} of ${people[0]}?`,
    answer,
    distractors: pickDistractors(answer, [...rng.shuffle([walker, people[hops - 1] as string, people[1] as string]), ...rng.shuffle(others), ...rng.shuffle(NAMES)]),
    match: 'exact',
    subtype: 'relation-chain',
  };
}

function generateCompositional(rng: ProbeRng, difficulty: Difficulty): ProbeCase {
  const relational = rng.chance(1, 2);
  switch (difficulty) {
    case 1:
      return relational ? relationCase(rng, 2, 0) : arithmeticCase(rng, 2, false);
    case 2:
      return relational ? relationCase(rng, 2, 2) : arithmeticCase(rng, 3, false);
    case 3:
      return relational ? relationCase(rng, 3, 3) : arithmeticCase(rng, 3, true);
    case 4:
      return relational ? relationCase(rng, 4, 4) : arithmeticCase(rng, 4, true);
    case 5:
      return relational ? relationCase(rng, 5, 5) : arithmeticCase(rng, 5, true);
  }
}

/** `compositional`: multi-step compositions (apply f then g then h; the boss of the friend of X). */
export const compositionalProbe: ProbeGenerator = {
  type: 'compositional',
  description: 'multi-step composition: chains of arithmetic steps, nested functions f(g(h(x))), nested relations',
  difficultyNote: 'depth: 1 two steps or two hops ... 5 five nested functions or five hops among decoy facts',
  generate: generateCompositional,
};
