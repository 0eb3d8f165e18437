/**
 * An independent solver for `temporal` questions. Before/after stories: brute force over every
 * ordering of the people named, keeping those consistent with all statements. Day stories: arc
 * consistency over integer day domains. It answers only when every consistent world gives the same
 * answer.
 */
interface Story {
  names: string[];
  before: Array<[string, string]>;
  onDay: Array<[string, number]>;
  offsets: Array<[string, number, string]>; // [x, k, y]: day(x) = day(y) + k
  question: string;
}

function readStory(text: string): Story {
  const sentences = text.match(/[^.?]+[.?]/g)?.map((s) => s.trim()) ?? [];
  const story: Story = { names: [], before: [], onDay: [], offsets: [], question: '' };
  const see = (...names: string[]): void => names.forEach((n) => story.names.includes(n) || story.names.push(n));
  for (const sentence of sentences) {
    let m: RegExpExecArray | null;
    if ((m = /^(\w+) arrived (before|after) (\w+)\.$/.exec(sentence))) {
      const [x, relation, y] = [m[1] as string, m[2], m[3] as string];
      story.before.push(relation === 'before' ? [x, y] : [y, x]);
      see(x, y);
    } else if ((m = /^(\w+) arrived on day (\d+)\.$/.exec(sentence))) {
      story.onDay.push([m[1] as string, Number(m[2])]);
      see(m[1] as string);
    } else if ((m = /^(\w+) arrived (\d+) days? (after|before) (\w+)\.$/.exec(sentence))) {
      story.offsets.push([m[1] as string, (m[3] === 'after' ? 1 : -1) * Number(m[2]), m[4] as string]);
      see(m[1] as string, m[4] as string);
    } else if (sentence.endsWith('?')) {
      story.question = sentence;
    } else {
      throw new Error(`unreadable sentence: ${sentence}`);
    }
  }
  return story;
}

/** Calls `visit` with every ordering of 0..n-1 (Heap's algorithm, in place). */
function forEachPermutation(n: number, visit: (order: readonly number[]) => void): void {
  const order = Array.from({ length: n }, (_, i) => i);
  const counters = new Array<number>(n).fill(0);
  visit(order);
  for (let i = 1; i < n; ) {
    const c = counters[i] as number;
    if (c < i) {
      const j = i % 2 === 0 ? 0 : c;
      [order[j], order[i]] = [order[i] as number, order[j] as number];
      visit(order);
      counters[i] = c + 1;
      i = 1;
    } else {
      counters[i] = 0;
      i++;
    }
  }
}

function answerFromOrder(order: readonly string[], question: string): string {
  let m: RegExpExecArray | null;
  if (question === 'Who arrived first?') return order[0] as string;
  if (question === 'Who arrived last?') return order[order.length - 1] as string;
  if (question === 'Who arrived second?') return order[1] as string;
  if (question === 'Who arrived second to last?') return order[order.length - 2] as string;
  if ((m = /^Who arrived right (after|before) (\w+)\?$/.exec(question))) {
    const at = order.indexOf(m[2] as string);
    const answer = order[m[1] === 'after' ? at + 1 : at - 1];
    if (at < 0 || answer === undefined) throw new Error(`nobody ${m[1]} ${m[2]}`);
    return answer;
  }
  throw new Error(`unknown question: ${question}`);
}

function solveByOrderings(story: Story): string {
  const answers = new Set<string>();
  const earlier = Int32Array.from(story.before, ([x]) => story.names.indexOf(x));
  const later = Int32Array.from(story.before, ([, y]) => story.names.indexOf(y));
  const position = new Int32Array(story.names.length);
  forEachPermutation(story.names.length, (order) => {
    for (let at = 0; at < order.length; at++) position[order[at] as number] = at;
    for (let k = 0; k < earlier.length; k++) if ((position[earlier[k] as number] as number) > (position[later[k] as number] as number)) return;
    answers.add(answerFromOrder(order.map((person) => story.names[person] as string), story.question));
  });
  if (answers.size !== 1) throw new Error(`${answers.size} possible answers: ${[...answers].join(', ')}`);
  return [...answers][0] as string;
}

// Stories use days 1..20; the solver searches a much wider window and must still find one value.
const DAY_RANGE = 60;

function solveByDays(story: Story): string {
  const domains = new Map(story.names.map((n) => [n, new Set(Array.from({ length: 2 * DAY_RANGE + 1 }, (_, i) => i - DAY_RANGE))]));
  for (const [x, day] of story.onDay) domains.set(x, new Set([...(domains.get(x) as Set<number>)].filter((d) => d === day)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [x, k, y] of story.offsets) {
      const dx = domains.get(x) as Set<number>;
      const dy = domains.get(y) as Set<number>;
      const keepX = [...dx].filter((d) => dy.has(d - k));
      const keepY = [...dy].filter((d) => dx.has(d + k));
      if (keepX.length < dx.size || keepY.length < dy.size) changed = true;
      domains.set(x, new Set(keepX));
      domains.set(y, new Set(keepY));
    }
  }
  const day = (name: string): number => {
    const domain = [...(domains.get(name) ?? [])];
    if (domain.length !== 1) throw new Error(`day of ${name} not determined (${domain.length} values)`);
    return domain[0] as number;
  };
  const m = /^On which day did (\w+) arrive\?$/.exec(story.question);
  if (m) return String(day(m[1] as string));
  if (story.question !== 'Who arrived first?') throw new Error(`unknown question: ${story.question}`);
  const earliest = Math.min(...story.names.map(day));
  const first = story.names.filter((n) => day(n) === earliest);
  if (first.length !== 1) throw new Error('a tie for first');
  return first[0] as string;
}

/** The answer to a temporal question, or an Error when the story does not settle it. */
export function solveTemporal(question: string): string {
  const story = readStory(question);
  return story.onDay.length > 0 || story.offsets.length > 0 ? solveByDays(story) : solveByOrderings(story);
}
