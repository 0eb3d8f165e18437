import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { TestServerBackend } from './test-server-backend.js';

export interface GeneratedToken {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

export interface Generation {
  tokens: GeneratedToken[];
  text: string;
  finishReason: 'stop' | 'length';
}

/** How many candidates the decoder samples from (the whole distribution of a byte or ASCII vocabulary). */
const SAMPLING_WIDTH = 300;

/**
 * Generates a continuation of `prompt`: the backend's own `generate` when it has one, else its scripted `reply` (cut to
 * `maxTokens` tokens), else token by token from `nextTokens` — the most likely token at temperature
 * 0, otherwise a sample at that temperature from a generator seeded with `seed`. Stops at a newline.
 * Each token carries its log-probability and the `topK` most likely alternatives at its position.
 */
export async function generateWithBackend(
  backend: TestServerBackend,
  prompt: string,
  options: { maxTokens: number; temperature: number; seed: number; topK: number },
): Promise<Generation> {
  if (backend.generate) return backend.generate(prompt, options);
  if (backend.reply) return scriptedGeneration(backend, prompt, await backend.reply(prompt, options), options);
  const rng = xoroshiro128plus(options.seed);
  const tokens: GeneratedToken[] = [];
  let text = '';
  while (tokens.length < options.maxTokens) {
    const candidates = await backend.nextTokens(prompt + text, Math.max(SAMPLING_WIDTH, options.topK));
    const chosen = options.temperature <= 0 ? candidates[0] : sample(candidates, options.temperature, rng);
    if (chosen === undefined || chosen.token === '\n') return { tokens, text, finishReason: 'stop' };
    tokens.push({ token: chosen.token, logprob: chosen.logprob, top: candidates.slice(0, options.topK) });
    text += chosen.token;
  }
  return { tokens, text, finishReason: 'length' };
}

async function scriptedGeneration(
  backend: TestServerBackend,
  prompt: string,
  reply: string,
  options: { maxTokens: number; topK: number },
): Promise<Generation> {
  const scored = await backend.scoreText(prompt + reply);
  const tokens: GeneratedToken[] = [];
  let offset = 0;
  let text = '';
  for (const token of scored) {
    const start = offset;
    offset += token.token.length;
    if (start < prompt.length) continue;
    if (tokens.length === options.maxTokens) return { tokens, text, finishReason: 'length' };
    const top = options.topK > 0 ? await backend.nextTokens(prompt + text, options.topK) : [];
    tokens.push({ token: token.token, logprob: token.logprob ?? 0, top });
    text += token.token;
  }
  return { tokens, text, finishReason: 'stop' };
}

function sample(candidates: Array<{ token: string; logprob: number }>, temperature: number, rng: ReturnType<typeof xoroshiro128plus>): { token: string; logprob: number } | undefined {
  const best = Math.max(...candidates.map((candidate) => candidate.logprob));
  const weights = candidates.map((candidate) => Math.exp((candidate.logprob - best) / temperature));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let threshold = (unsafeUniformIntDistribution(0, 999_999, rng) / 1_000_000) * total;
  for (let index = 0; index < candidates.length; index++) {
    threshold -= weights[index] as number;
    if (threshold < 0) return candidates[index];
  }
  return candidates[candidates.length - 1];
}
