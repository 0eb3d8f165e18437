import { xoroshiro128plus } from 'pure-rand';
import type { Token } from 'node-llama-cpp';
import type { TokenLogprob } from '../spec.js';
import type { LlamaRuntime } from './llama-runtime.js';

export interface SequenceGeneration {
  text: string;
  tokenLogprobs: TokenLogprob[];
  promptTokenCount: number;
  generatedTokenCount: number;
}

export interface SequenceGenerationOptions {
  maxTokens: number;
  /** 0 = greedy (argmax); above 0, sampling from softmax(logits / temperature) with `seed`. */
  temperature: number;
  /** Alternatives to return per generated token (0 = none). */
  topLogprobs: number;
  seed: number;
  signal: AbortSignal | undefined;
}

function pickToken(probabilities: Map<Token, number>, temperature: number, draw: () => number): Token {
  const entries = [...probabilities.entries()];
  if (temperature <= 0) {
    let best = entries[0];
    for (const entry of entries) if (best === undefined || entry[1] > best[1]) best = entry;
    if (best === undefined) throw new Error('the engine returned an empty next-token distribution');
    return best[0];
  }
  const weights = entries.map(([, probability]) => Math.pow(probability, 1 / temperature));
  let remaining = draw() * weights.reduce((sum, weight) => sum + weight, 0);
  for (let index = 0; index < entries.length; index += 1) {
    remaining -= weights[index] ?? 0;
    const entry = entries[index];
    if (remaining <= 0 && entry !== undefined) return entry[0];
  }
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('the engine returned an empty next-token distribution');
  return last[0];
}

/**
 * Generates up to `maxTokens` tokens after `prompt` on the runtime's sequence (cleared first), stopping at an
 * end-of-generation token. Log-probabilities are the model's own (before temperature). The caller must hold the
 * sequence exclusively.
 */
export async function generateOnSequence(runtime: LlamaRuntime, prompt: string, options: SequenceGenerationOptions): Promise<SequenceGeneration> {
  const { model, sequence } = runtime;
  const promptTokens: Token[] = [...runtime.bosTokens, ...model.tokenize(prompt)];
  if (promptTokens.length === 0) throw new Error('the prompt is empty and the model adds no BOS token');
  if (promptTokens.length + options.maxTokens > runtime.contextSize) {
    throw new Error(`prompt (${promptTokens.length} tokens) + maxTokens (${options.maxTokens}) exceed the context size ${runtime.contextSize}`);
  }
  const rng = xoroshiro128plus(options.seed);
  const draw = (): number => (rng.unsafeNext() >>> 0) / 4294967296;
  await sequence.clearHistory();
  if (promptTokens.length > 1) await sequence.evaluateWithoutGeneratingNewTokens(promptTokens.slice(0, -1));
  let next = promptTokens[promptTokens.length - 1] as Token;
  const generated: Token[] = [];
  const tokenLogprobs: TokenLogprob[] = [];
  while (generated.length < options.maxTokens) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    const [output] = await sequence.controlledEvaluate([[next, { generateNext: { probabilities: true } }]]);
    const probabilities = output?.next.probabilities;
    if (probabilities === undefined) throw new Error('the engine returned no next-token distribution');
    const token = pickToken(probabilities, options.temperature, draw);
    if (model.isEogToken(token)) break;
    generated.push(token);
    const top = [...probabilities.entries()].slice(0, options.topLogprobs).map(([alternative, probability]) => ({
      token: model.detokenize([alternative]),
      logprob: Math.log(probability),
    }));
    tokenLogprobs.push({ token: model.detokenize([token]), logprob: Math.log(probabilities.get(token) ?? 0), top });
    next = token;
  }
  return { text: model.detokenize(generated), tokenLogprobs, promptTokenCount: promptTokens.length, generatedTokenCount: generated.length };
}
