import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { xoroshiro128plus } from 'pure-rand';
import { writeGguf } from './gguf-writer.js';
import { llamaGgufFile, llamaTensorShapes, type LlamaHyperParameters } from './llama-gguf-layout.js';

/** Options of a tiny random llama model; every field has a default that loads quickly in node-llama-cpp. */
export interface TinyLlamaOptions {
  /** Seed of the weights: the same seed and shape give the same file, byte for byte. Default 0. */
  seed?: number;
  /** Default 32. Must be a multiple of `headCount` with an even quotient. */
  embeddingLength?: number;
  /** Default 2. */
  blockCount?: number;
  /** Default 4. */
  headCount?: number;
  /** Default `headCount` (no grouped-query attention). */
  headCountKv?: number;
  /** Default 2 × embeddingLength. */
  feedForwardLength?: number;
  /** Training context written to the file; prompts + options must fit. Default 256. */
  contextLength?: number;
  /**
   * Standard deviation of the output logits (the output weights are scaled to give it). Larger values make the
   * next-token distribution peakier, so options get clearly different log-probs. Default 3.
   */
  logitScale?: number;
  /** `general.name` in the file. Default `tiny-llama-s<seed>`. */
  name?: string;
}

function resolveHyperParameters(options: TinyLlamaOptions): LlamaHyperParameters {
  const embeddingLength = options.embeddingLength ?? 32;
  const headCount = options.headCount ?? 4;
  return {
    embeddingLength,
    blockCount: options.blockCount ?? 2,
    headCount,
    headCountKv: options.headCountKv ?? headCount,
    feedForwardLength: options.feedForwardLength ?? 2 * embeddingLength,
    contextLength: options.contextLength ?? 256,
    rmsNormEpsilon: 1e-5,
    ropeFreqBase: 10000,
    name: options.name ?? `tiny-llama-s${options.seed ?? 0}`,
  };
}

/**
 * Seeded random weights for a llama model of the given shape, row-major (out, in) per tensor.
 * Matrices are drawn N(0, 1/in) so activations stay O(1); norm weights are 1 ± 0.25 (so a reader that ignores
 * them is caught); embeddings are N(0, 1); output rows are scaled so the logits have standard deviation `logitScale`.
 */
export function tinyLlamaWeights(hp: LlamaHyperParameters, seed: number, logitScale: number): Map<string, Float32Array> {
  const rng = xoroshiro128plus(seed);
  const uniform = (): number => ((rng.unsafeNext() >>> 0) + 0.5) / 4294967296;
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const weights = new Map<string, Float32Array>();
  for (const [name, dims] of llamaTensorShapes(hp)) {
    const inputSize = dims[0] ?? 1;
    const data = new Float32Array(dims.reduce((product, dim) => product * dim, 1));
    let draw: () => number;
    if (dims.length === 1) draw = () => 1 + 0.5 * (uniform() - 0.5);
    else if (name === 'token_embd.weight') draw = normal;
    else if (name === 'output.weight') draw = () => (normal() * logitScale) / Math.sqrt(inputSize);
    else draw = () => normal() / Math.sqrt(inputSize);
    for (let index = 0; index < data.length; index += 1) data[index] = draw();
    weights.set(name, data);
  }
  return weights;
}

/**
 * Writes a tiny llama GGUF model with seeded random weights and the byte vocabulary (257 tokens: one per UTF-8
 * byte + `<|endoftext|>` as BOS/EOS) to `path`, creating its folder. Loads in node-llama-cpp 3.21 in milliseconds;
 * the default (32-dim, 2 layers) file is about 150 KB. Returns the hyper-parameters written.
 *
 * @example
 *   const file = join(tmpDir, 'tiny.gguf');
 *   await writeTinyLlamaGguf(file, { seed: 1 });
 *   const provider = createLlamaCppProvider({ modelPath: file });
 */
export async function writeTinyLlamaGguf(path: string, options: TinyLlamaOptions = {}): Promise<LlamaHyperParameters> {
  const hp = resolveHyperParameters(options);
  const weights = tinyLlamaWeights(hp, options.seed ?? 0, options.logitScale ?? 3);
  await mkdir(dirname(path), { recursive: true });
  await writeGguf(path, llamaGgufFile(hp, weights));
  return hp;
}
