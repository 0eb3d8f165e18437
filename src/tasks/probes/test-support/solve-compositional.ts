/** An independent solver for `compositional` questions: it re-evaluates the chain the question states. */
function stepsChain(question: string): string {
  const m = /^Start with (\d+)\. (.+)\. What is the result\?$/.exec(question);
  if (!m) throw new Error(`unreadable chain: ${question}`);
  let value = Number(m[1]);
  for (const raw of (m[2] as string).split(', ')) {
    const step = raw.replace(/^then /, '').toLowerCase();
    let s: RegExpExecArray | null;
    if ((s = /^add (\d+)$/.exec(step))) value += Number(s[1]);
    else if ((s = /^subtract (\d+)$/.exec(step))) value -= Number(s[1]);
    else if (step === 'double it') value *= 2;
    else if (step === 'triple it') value *= 3;
    else throw new Error(`unknown step: ${raw}`);
  }
  return String(value);
}

function nestedFunctions(question: string): string {
  const m = /^Let (.+)\. What is (.+)\?$/.exec(question);
  if (!m) throw new Error(`unreadable functions: ${question}`);
  const table = new Map<string, (x: number) => number>();
  for (const definition of (m[1] as string).split(', ')) {
    const d = /^(\w)\(x\) = x ([-+*]) (\d+)$/.exec(definition);
    if (!d) throw new Error(`unreadable definition: ${definition}`);
    const k = Number(d[3]);
    if (table.has(d[1] as string)) throw new Error(`${d[1]} defined twice`);
    table.set(d[1] as string, d[2] === '+' ? (x) => x + k : d[2] === '-' ? (x) => x - k : (x) => x * k);
  }
  const evaluate = (expression: string): number => {
    if (/^\d+$/.test(expression)) return Number(expression);
    const call = /^(\w)\((.+)\)$/.exec(expression);
    const fn = call ? table.get(call[1] as string) : undefined;
    if (!call || !fn) throw new Error(`cannot evaluate ${expression}`);
    return fn(evaluate(call[2] as string));
  };
  return String(evaluate(m[2] as string));
}

function relations(question: string): string {
  const facts = new Map<string, string>();
  const sentences = question.match(/[^.?]+[.?]/g)?.map((s) => s.trim()) ?? [];
  const ask = sentences.pop() ?? '';
  for (const sentence of sentences) {
    const f = /^(\w+)'s (\w+) is (\w+)\.$/.exec(sentence);
    if (!f) throw new Error(`unreadable fact: ${sentence}`);
    const key = `${f[1]} ${f[2]}`;
    if (facts.has(key) && facts.get(key) !== f[3]) throw new Error(`two values for ${key}`);
    facts.set(key, f[3] as string);
  }
  const q = /^Who is (.+) of (\w+)\?$/.exec(ask);
  if (!q) throw new Error(`unreadable question: ${ask}`);
  let person = q[2] as string;
  for (const phrase of (q[1] as string).split(' of ').reverse()) {
    const next = facts.get(`${person} ${phrase.replace(/^the /, '')}`);
    if (next === undefined) throw new Error(`no fact for ${person}'s ${phrase}`);
    person = next;
  }
  return person;
}

/** The answer to a compositional question, or an Error when it cannot be evaluated. */
export function solveCompositional(question: string): string {
  if (question.startsWith('Start with ')) return stepsChain(question);
  if (question.startsWith('Let ')) return nestedFunctions(question);
  return relations(question);
}
