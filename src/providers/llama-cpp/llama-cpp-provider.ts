import { basename } from 'node:path';
import {
  ProviderCallError,
  type GenerateRequest,
  type GenerateResult,
  type ModelProvider,
  type ProviderCapabilities,
  type ScoreOptionsRequest,
  type ScoreOptionsResult,
} from '../spec.js';
import { generateOnSequence } from './generate-on-sequence.js';
import { loadLlamaRuntime, type LlamaRuntime } from './llama-runtime.js';
import { scoreOptionsOnSequence } from './score-options-on-sequence.js';
import { SerialQueue } from './serial-queue.js';

export interface LlamaCppProviderOptions {
  /** Path of the GGUF model file. */
  modelPath: string;
  /** Id reported as `modelId`; default the file name. */
  modelId?: string;
  /** CPU threads for evaluation; default 2 (node-llama-cpp's default of 4 is ~300× slower on a 2-core machine). */
  threads?: number;
  /** Context size in tokens; default the model's training context, at most 4096. Prompt + option must fit. */
  contextSize?: number;
  /** Offload to a GPU when node-llama-cpp finds one; default false (CPU, reproducible). */
  gpu?: boolean;
}

const CAPABILITIES: ProviderCapabilities = { optionScoring: true, tokenLogprobs: true, generation: true };

/** Option scores with everything the engine knows: per-token log-probs and the prefix-sharing counts. */
export interface LlamaScoreOptionsResult extends ScoreOptionsResult {
  optionTokenCounts: number[];
  /** Per option, the log-probability of each of its tokens (they sum to `optionLogprobs`). */
  optionTokenLogprobs: number[][];
  tokensEvaluated: number;
  /** Tokens a scorer without prefix sharing would evaluate (prompt + option, once per option). */
  naiveTokens: number;
}

/** The local GGUF provider, with its scoring counts for benchmarks and tests. */
export interface LlamaCppProvider extends ModelProvider {
  readonly provider: 'llama-cpp';
  scoreOptions(request: ScoreOptionsRequest): Promise<LlamaScoreOptionsResult>;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  close(): Promise<void>;
}

function callError(action: string, error: unknown): ProviderCallError {
  if (error instanceof ProviderCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderCallError(`llama-cpp ${action}: ${message}`, { isRetryable: false, cause: error });
}

/**
 * A `ModelProvider` for a local GGUF file through node-llama-cpp (3.21). Nothing is loaded until the first call
 * (node-llama-cpp is imported dynamically). Scoring evaluates the prompt prefix once per request and reads each
 * option token's probability from the full next-token distribution (flash attention off, F32 KV cache).
 * Calls on one provider run one at a time, in order; `close()` waits for them and frees the model.
 * Generation sees `system + "\n\n" + prompt` (no chat template: these are base models).
 */
export function createLlamaCppProvider(options: LlamaCppProviderOptions): LlamaCppProvider {
  const queue = new SerialQueue();
  let runtime: Promise<LlamaRuntime> | undefined;
  let closed = false;

  const getRuntime = (): Promise<LlamaRuntime> => {
    if (runtime === undefined) {
      const loading = loadLlamaRuntime({ modelPath: options.modelPath, threads: options.threads ?? 2, contextSize: options.contextSize, gpu: options.gpu ?? false });
      runtime = loading;
      loading.catch(() => {
        if (runtime === loading) runtime = undefined; // let a later call try again
      });
    }
    return runtime;
  };

  // Calls made before close() still run; calls made after it are refused.
  const exclusive = <T>(action: string, task: (loaded: LlamaRuntime) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new ProviderCallError('llama-cpp provider is closed', { isRetryable: false }));
    return queue.run(async () => {
      try {
        return await task(await getRuntime());
      } catch (error) {
        throw callError(action, error);
      }
    });
  };

  return {
    specificationVersion: 'v1',
    provider: 'llama-cpp',
    modelId: options.modelId ?? basename(options.modelPath),

    async probe() {
      await exclusive('load', async () => undefined);
      return { ...CAPABILITIES };
    },

    scoreOptions(request) {
      return exclusive('scoring', async (loaded) => {
        const scores = await scoreOptionsOnSequence(loaded, request.prompt, request.options, request.signal);
        return {
          optionLogprobs: scores.tokenLogprobs.map((tokens) => tokens.reduce((sum, value) => sum + value, 0)),
          optionTokenCounts: scores.tokenLogprobs.map((tokens) => tokens.length),
          optionTokenLogprobs: scores.tokenLogprobs,
          tokensEvaluated: scores.tokensEvaluated,
          naiveTokens: scores.naiveTokens,
          usage: { inputTokens: scores.tokensEvaluated, outputTokens: 0 },
        };
      });
    },

    generate(request) {
      return exclusive('generation', async (loaded) => {
        const prompt = request.system === undefined ? request.prompt : `${request.system}\n\n${request.prompt}`;
        const generation = await generateOnSequence(loaded, prompt, {
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          topLogprobs: request.topLogprobs ?? 0,
          seed: request.seed ?? 0,
          signal: request.signal,
        });
        const result: GenerateResult = {
          text: generation.text,
          usage: { inputTokens: generation.promptTokenCount, outputTokens: generation.generatedTokenCount },
        };
        if (request.topLogprobs !== undefined) result.tokenLogprobs = generation.tokenLogprobs;
        return result;
      });
    },

    close() {
      closed = true;
      return queue.run(async () => {
        const loading = runtime;
        runtime = undefined;
        const loaded = await loading?.catch(() => undefined);
        await loaded?.dispose();
      });
    },
  };
}
