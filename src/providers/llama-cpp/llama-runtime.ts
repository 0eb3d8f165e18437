import { access } from 'node:fs/promises';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';

/** A loaded model with one context sequence, ready to evaluate tokens. */
export interface LlamaRuntime {
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  /** BOS token to put first, when the model wants one. */
  bosTokens: Token[];
  contextSize: number;
  dispose(): Promise<void>;
}

export interface LlamaRuntimeOptions {
  modelPath: string;
  /** CPU threads for evaluation (1–2 on small machines; node-llama-cpp's default of 4 is far slower there). */
  threads: number;
  /** Context size in tokens; default the model's training context, at most 4096. */
  contextSize: number | undefined;
  /** Use a GPU when node-llama-cpp finds one. Default false: results are then reproducible on any machine. */
  gpu: boolean;
}

// One Llama binding per process, shared by every model and released when the last model closes.
let sharedLlama: Promise<Llama> | undefined;
let sharedUsers = 0;
let sharedGpu: boolean | undefined;

async function acquireLlama(gpu: boolean): Promise<Llama> {
  if (sharedLlama !== undefined && sharedGpu !== gpu) {
    throw new Error('every llama-cpp model in one process must use the same gpu setting');
  }
  if (sharedLlama === undefined) {
    sharedGpu = gpu;
    sharedLlama = import('node-llama-cpp').then(({ getLlama, LlamaLogLevel }) =>
      getLlama({ gpu: gpu ? 'auto' : false, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false }),
    );
    sharedLlama.catch(() => {
      sharedLlama = undefined;
    });
  }
  sharedUsers += 1;
  try {
    return await sharedLlama;
  } catch (error) {
    sharedUsers -= 1;
    throw error;
  }
}

async function releaseLlama(): Promise<void> {
  sharedUsers -= 1;
  if (sharedUsers > 0 || sharedLlama === undefined) return;
  const llama = sharedLlama;
  sharedLlama = undefined;
  sharedGpu = undefined;
  await (await llama).dispose();
}

/**
 * Loads node-llama-cpp (dynamic import, so nothing is loaded until a local model is used), the model, and one
 * context with flash attention off and an F32 KV cache, the settings under which its log-probabilities match an
 * independent forward pass to about 1e-6.
 */
export async function loadLlamaRuntime(options: LlamaRuntimeOptions): Promise<LlamaRuntime> {
  try {
    await access(options.modelPath);
  } catch {
    throw new Error(`GGUF model file not found: ${options.modelPath}`);
  }
  const llama = await acquireLlama(options.gpu);
  let model: LlamaModel | undefined;
  try {
    model = await llama.loadModel({ modelPath: options.modelPath, gpuLayers: options.gpu ? 'auto' : 0 });
    const contextSize = options.contextSize ?? Math.min(model.trainContextSize, 4096);
    const context = await model.createContext({
      contextSize,
      sequences: 1,
      flashAttention: false,
      threads: options.threads,
      experimentalKvCacheKeyType: 'F32',
      experimentalKvCacheValueType: 'F32',
    });
    const sequence = context.getSequence();
    const bos = model.tokens.bos;
    const loadedModel = model;
    return {
      model,
      context,
      sequence,
      bosTokens: bos !== null && model.tokens.shouldPrependBosToken ? [bos] : [],
      contextSize: context.contextSize,
      async dispose() {
        await context.dispose();
        await loadedModel.dispose();
        await releaseLlama();
      },
    };
  } catch (error) {
    await model?.dispose();
    await releaseLlama();
    throw error;
  }
}
