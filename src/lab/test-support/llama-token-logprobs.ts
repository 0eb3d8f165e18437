import { getLlama, LlamaLogLevel, type Llama, type LlamaContext, type LlamaModel, type Token } from 'node-llama-cpp';

/** A GGUF model loaded in node-llama-cpp the way log-probabilities are compared: no GPU, no flash attention, F32 KV cache. */
export interface TokenScorer {
  /** Log-probability of each continuation token given BOS-led `promptTokens` and the continuation before it. */
  continuationLogprobs(promptTokens: number[], continuation: number[]): Promise<number[]>;
  /** Whether the model prepends this BOS when it tokenizes text. */
  bosToken: number | null;
  tokenize(text: string): number[];
  dispose(): Promise<void>;
}

export async function loadTokenScorer(modelPath: string, contextSize = 128): Promise<TokenScorer> {
  const llama: Llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false });
  const model: LlamaModel = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context: LlamaContext = await model.createContext({
    contextSize, sequences: 1, flashAttention: false, threads: 1,
    experimentalKvCacheKeyType: 'F32', experimentalKvCacheValueType: 'F32',
  });
  const sequence = context.getSequence();
  return {
    bosToken: model.tokens.shouldPrependBosToken ? model.tokens.bos : null,
    tokenize: (text) => model.tokenize(text).map(Number),
    async continuationLogprobs(promptTokens, continuation) {
      await sequence.clearHistory();
      const tokens = [...promptTokens, ...continuation] as Token[];
      const first = promptTokens.length - 1;
      const input = tokens.map((token, index) =>
        index >= first && index < tokens.length - 1 ? ([token, { generateNext: { probabilities: true } }] as const) : token);
      const output = await sequence.controlledEvaluate(input);
      const logprobs: number[] = [];
      for (let index = first; index < tokens.length - 1; index += 1) {
        const probabilities = output[index]?.next?.probabilities;
        if (!probabilities) throw new Error(`node-llama-cpp returned no probabilities at position ${index}`);
        logprobs.push(Math.log(probabilities.get(tokens[index + 1]!) ?? 0));
      }
      return logprobs;
    },
    async dispose() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
