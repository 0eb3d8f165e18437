import { nearbyIntegers, pickDistractors } from './pick-distractors.js';
import type { Difficulty, ProbeCase, ProbeGenerator } from './probe-case.js';
import type { ProbeRng } from './probe-rng.js';

const PEOPLE = ['Ann', 'Bob', 'Cleo', 'Dan', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivan', 'Jill', 'Kai', 'Lena', 'Max', 'Nora'];

function beforeAfter(rng: ProbeRng, earlier: string, later: string): string {
  return rng.chance(1, 2) ? `${earlier} arrived before ${later}.` : `${later} arrived after ${earlier}.`;
}

/** Names in arrival order and a shuffled list of "before/after" statements that fix the asked answer. */
function orderCase(rng: ProbeRng, eventCount: number, mode: 'chain' | 'tree', extraCount: number): ProbeCase {
  const names = rng.sample(PEOPLE, eventCount + 1);
  const order = names.slice(0, eventCount);
  const outsider = names[eventCount] as string;
  const pairs: Array<[number, number]> = [];
  let question: string;
  let answerIndex: number;
  let wrongIndexes: number[];
  if (mode === 'tree') {
    const askFirst = rng.chance(1, 2);
    // Every event but the answer is tied, through a chain of statements, to the answer's side.
    for (let i = 1; i < eventCount; i++) {
      const j = rng.int(0, i - 1);
      pairs.push(askFirst ? [j, i] : [eventCount - 1 - i, eventCount - 1 - j]);
    }
    question = askFirst ? 'Who arrived first?' : 'Who arrived last?';
    answerIndex = askFirst ? 0 : eventCount - 1;
    wrongIndexes = askFirst ? [eventCount - 1, 1, 2, 3] : [0, eventCount - 2, eventCount - 3, 1];
  } else {
    for (let i = 1; i < eventCount; i++) pairs.push([i - 1, i]);
    for (let added = 0; added < extraCount; added++) {
      const i = rng.int(0, eventCount - 3);
      pairs.push([i, rng.int(i + 2, eventCount - 1)]);
    }
    const asks = eventCount <= 4 ? ['first', 'last'] : ['second', 'second-last', 'right-after', 'right-before'];
    const ask = rng.pick(asks);
    if (ask === 'first' || ask === 'last') {
      answerIndex = ask === 'first' ? 0 : eventCount - 1;
      question = ask === 'first' ? 'Who arrived first?' : 'Who arrived last?';
      wrongIndexes = ask === 'first' ? [eventCount - 1, 1, 2] : [0, eventCount - 2, 1];
    } else if (ask === 'second' || ask === 'second-last') {
      answerIndex = ask === 'second' ? 1 : eventCount - 2;
      question = ask === 'second' ? 'Who arrived second?' : 'Who arrived second to last?';
      wrongIndexes = [answerIndex - 1, answerIndex + 1, ask === 'second' ? eventCount - 2 : 1, 0, eventCount - 1];
    } else {
      const pivot = rng.int(1, eventCount - 2);
      answerIndex = ask === 'right-after' ? pivot + 1 : pivot - 1;
      question = `Who arrived right ${ask === 'right-after' ? 'after' : 'before'} ${order[pivot]}?`;
      wrongIndexes = [ask === 'right-after' ? pivot - 1 : pivot + 1, ask === 'right-after' ? pivot + 2 : pivot - 2, 0, eventCount - 1, pivot];
    }
  }
  const statements = rng.shuffle(pairs).map(([a, b]) => beforeAfter(rng, order[a] as string, order[b] as string));
  const answer = order[answerIndex] as string;
  const wrong = [...new Set(wrongIndexes.filter((i) => i >= 0 && i < eventCount))].map((i) => order[i] as string);
  return {
    question: `${statements.join(' ')} ${question}`,
    answer,
    distractors: pickDistractors(answer, [...rng.shuffle(wrong), ...rng.shuffle(order), outsider]),
    match: 'exact',
    subtype: mode === 'tree' ? 'order-partial' : 'order',
  };
}

/** Arrival days tied by "K days after/before" statements to one anchored day. */
function dayCase(rng: ProbeRng, eventCount: number, askFirst: boolean): ProbeCase {
  const names = rng.sample(PEOPLE, eventCount);
  const days = rng.sample(Array.from({ length: 20 }, (_, i) => i + 1), eventCount);
  const statements: string[] = [];
  const parentOf: number[] = [-1];
  const anchor = rng.int(0, eventCount - 1);
  statements.push(`${names[anchor]} arrived on day ${days[anchor]}.`);
  const linked = [anchor];
  for (const i of rng.shuffle(Array.from({ length: eventCount }, (_, k) => k).filter((k) => k !== anchor))) {
    const j = rng.pick(linked);
    const gap = (days[i] as number) - (days[j] as number);
    const count = Math.abs(gap);
    statements.push(`${names[i]} arrived ${count} ${count === 1 ? 'day' : 'days'} ${gap > 0 ? 'after' : 'before'} ${names[j]}.`);
    parentOf[i] = j;
    linked.push(i);
  }
  const text = [statements[0], ...rng.shuffle(statements.slice(1))].join(' ');
  if (askFirst) {
    const ranked = names.map((name, i) => ({ name, day: days[i] as number })).sort((a, b) => a.day - b.day);
    const answer = (ranked[0] as { name: string }).name;
    const wrong = [names[anchor] as string, (ranked[ranked.length - 1] as { name: string }).name, (ranked[1] as { name: string }).name];
    return { question: `${text} Who arrived first?`, answer, distractors: pickDistractors(answer, [...rng.shuffle(wrong), ...rng.shuffle(names)]), match: 'exact', subtype: 'days-first' };
  }
  // Ask about the event furthest from the anchor (the one that needs the most steps).
  const depth = (i: number): number => (i === anchor ? 0 : 1 + depth(parentOf[i] as number));
  const target = linked.reduce((best, i) => (depth(i) > depth(best) ? i : best), anchor === 0 ? 1 : 0);
  const answerDay = days[target] as number;
  const parentDay = days[parentOf[target] as number] as number;
  const signFlip = 2 * parentDay - answerDay;
  return {
    question: `${text} On which day did ${names[target]} arrive?`,
    answer: String(answerDay),
    distractors: pickDistractors(String(answerDay), [...rng.shuffle([signFlip, parentDay, days[anchor] as number].filter((d) => d > 0).map(String)), ...nearbyIntegers(answerDay, 6, 1)]),
    match: 'numeric',
    subtype: 'days',
  };
}

function generateTemporal(rng: ProbeRng, difficulty: Difficulty): ProbeCase {
  switch (difficulty) {
    case 1:
      return orderCase(rng, 3, 'chain', 0);
    case 2:
      return orderCase(rng, 4, 'chain', 0);
    case 3:
      return rng.chance(1, 2) ? orderCase(rng, 5, 'tree', 0) : dayCase(rng, 3, false);
    case 4:
      return rng.chance(1, 2) ? orderCase(rng, 6, 'chain', 1) : dayCase(rng, 4, rng.chance(1, 2));
    case 5:
      return rng.chance(1, 2) ? orderCase(rng, 7, 'chain', 2) : dayCase(rng, 6, rng.chance(1, 2));
  }
}

/** `temporal`: constraint reasoning over arrivals ("Ann arrived before Bob; ... who arrived first?"). */
export const temporalProbe: ProbeGenerator = {
  type: 'temporal',
  description: 'constraint reasoning over events: before/after statements and day offsets; who came first, on which day',
  difficultyNote: '1 three events, two statements ... 5 seven events with redundant statements, or six events tied by day offsets',
  generate: generateTemporal,
};
