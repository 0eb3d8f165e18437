import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { BackendToken, TestServerBackend } from './test-server-backend.js';

export interface DeterministicBackendOptions {
  /** Seed of the transition table (default 0). */
  seed?: number;
  /** `char` (default): one token per character; `word`: a letter run with its leading space is one token. */
  tokenizer?: 'char' | 'word';
  /** A scripted reply for generation (chat, messages, completions with max_tokens > 0). */
  reply?: (prompt: string) => string;
}

/** Printable ASCII and newline; every other code point is the one `OTHER` entry. */
const VOCABULARY = [...Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)), '\n'];
const OTHER = VOCABULARY.length;
const BOS = OTHER + 1;
const BONUS = 2.5;
const FNV_OFFSET = 0x811c9dc5;

function fnvStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, 0x01000193) >>> 0;
}

function vocabularyIndex(character: string): number {
  const code = character.codePointAt(0) as number;
  if (code === 10) return VOCABULARY.length - 1;
  return code >= 32 && code <= 126 ? code - 32 : OTHER;
}

/**
 * A small deterministic language model for tests: a seeded character bigram table plus a bonus for
 * one character picked by a hash of the whole context, so that answers depend on the question.
 * Each character's log-probability is an exact log-softmax; a word token's is the sum over its
 * characters (chain rule), so continuation scores are consistent however the text is tokenized.
 */
export function createDeterministicBackend(options: DeterministicBackendOptions = {}): TestServerBackend {
  const rng = xoroshiro128plus(options.seed ?? 0);
  const rows = BOS + 1;
  const size = OTHER + 1;
  const table = Float64Array.from({ length: rows * size }, () => (3 * unsafeUniformIntDistribution(0, 999_999, rng)) / 1e6);
  const normalizers = new Float64Array(rows * VOCABULARY.length).fill(Number.NaN);
  const logNormalizer = (previous: number, favoured: number): number => {
    const key = previous * VOCABULARY.length + favoured;
    const cached = normalizers[key] as number;
    if (!Number.isNaN(cached)) return cached;
    let total = 0;
    for (let next = 0; next < size; next++) total += Math.exp((table[previous * size + next] as number) + (next === favoured ? BONUS : 0));
    normalizers[key] = Math.log(total);
    return Math.log(total);
  };
  const logprobOf = (previous: number, hash: number, next: number): number => {
    const favoured = hash % VOCABULARY.length;
    return (table[previous * size + next] as number) + (next === favoured ? BONUS : 0) - logNormalizer(previous, favoured);
  };
  /** Walks `text`, calling `visit` with each character's log-probability and the state before it. */
  const walk = (text: string, visit: (character: string, logprob: number, previous: number, hash: number) => void): { previous: number; hash: number } => {
    let previous = BOS;
    let hash = FNV_OFFSET;
    for (const character of text) {
      const index = vocabularyIndex(character);
      visit(character, logprobOf(previous, hash, index), previous, hash);
      for (let unit = 0; unit < character.length; unit++) hash = fnvStep(hash, character.charCodeAt(unit));
      previous = index;
    }
    return { previous, hash };
  };
  const distribution = (previous: number, hash: number): Array<{ token: string; logprob: number }> =>
    VOCABULARY.map((token, index) => ({ token, logprob: logprobOf(previous, hash, index) })).sort((a, b) => b.logprob - a.logprob);
  const argmaxes = new Int16Array(rows * VOCABULARY.length).fill(-1);
  const mostLikely = (previous: number, hash: number): { token: string; logprob: number } => {
    const key = previous * VOCABULARY.length + (hash % VOCABULARY.length);
    let best = argmaxes[key] as number;
    if (best < 0) {
      best = 0;
      for (let index = 1; index < VOCABULARY.length; index++) if (logprobOf(previous, hash, index) > logprobOf(previous, hash, best)) best = index;
      argmaxes[key] = best;
    }
    return { token: VOCABULARY[best] as string, logprob: logprobOf(previous, hash, best) };
  };
  const pieces = (text: string): string[] =>
    options.tokenizer === 'word' ? (text.match(/ ?[A-Za-z]+|[\s\S]/gu) ?? []) : Array.from(text);

  const backend: TestServerBackend = {
    scoreText(text) {
      const characters: Array<{ logprob: number; top: Array<{ token: string; logprob: number }> }> = [];
      walk(text, (_character, logprob, previous, hash) => characters.push({ logprob, top: [mostLikely(previous, hash)] }));
      const tokens: BackendToken[] = [];
      let position = 0;
      for (const token of pieces(text)) {
        const length = Array.from(token).length;
        const parts = characters.slice(position, position + length);
        tokens.push({ token, logprob: parts.reduce((sum, part) => sum + part.logprob, 0), top: parts[0]?.top ?? [] });
        position += length;
      }
      return Promise.resolve(tokens);
    },
    countTokens(text) {
      return Promise.resolve(pieces(text).length);
    },
    nextTokens(text, topK) {
      const { previous, hash } = walk(text, () => undefined);
      return Promise.resolve(distribution(previous, hash).slice(0, topK));
    },
  };
  if (options.reply) {
    const reply = options.reply;
    backend.reply = (prompt) => Promise.resolve(reply(prompt));
  }
  return backend;
}
