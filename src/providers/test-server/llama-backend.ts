import type { LlamaCppProvider } from '../llama-cpp/llama-cpp-provider.js';
import type { BackendToken, TestServerBackend } from './test-server-backend.js';

export interface LlamaBackendOptions {
  /** A llama-cpp provider on a model with a byte vocabulary (one token per UTF-8 byte), e.g. from `writeTinyLlamaGguf`. */
  provider: LlamaCppProvider;
  /** A scripted reply for generation instead of the model's own (e.g. for verbalized confidence). */
  reply?: (prompt: string) => string;
}

/**
 * A test-server backend that answers with a real GGUF model through node-llama-cpp, so that the
 * log-probabilities the HTTP providers read are real. Text is scored after BOS; the byte tokens of
 * one character are reported as one token whose log-probability is their sum (chain rule), so token
 * strings always spell the text. Closing the backend closes the provider.
 */
export function createLlamaBackend(options: LlamaBackendOptions): TestServerBackend {
  const { provider } = options;
  const backend: TestServerBackend = {
    async scoreText(text) {
      const scored = await provider.scoreOptions({ prompt: '', options: [text] });
      const byteLogprobs = scored.optionTokenLogprobs[0] ?? [];
      if (byteLogprobs.length !== Buffer.byteLength(text)) {
        throw new Error(`the llama backend needs a byte-vocabulary model: ${byteLogprobs.length} tokens for ${Buffer.byteLength(text)} bytes`);
      }
      const tokens: BackendToken[] = [];
      let position = 0;
      for (const character of text) {
        const bytes = Buffer.byteLength(character);
        tokens.push({ token: character, logprob: byteLogprobs.slice(position, position + bytes).reduce((sum, value) => sum + value, 0) });
        position += bytes;
      }
      return tokens;
    },
    async countTokens(text) {
      return Buffer.byteLength(text) + 1; // BOS + one token per byte
    },
    async nextTokens(text, topK) {
      const result = await provider.generate({ prompt: text, maxTokens: 1, temperature: 0, topLogprobs: topK });
      return result.tokenLogprobs?.[0]?.top ?? [];
    },
    async generate(prompt, { maxTokens, temperature, seed, topK }) {
      const result = await provider.generate({ prompt, maxTokens, temperature, seed, topLogprobs: Math.max(1, topK) });
      const tokens = (result.tokenLogprobs ?? []).map((token) => ({ ...token, top: token.top.slice(0, topK) }));
      return { text: result.text, tokens, finishReason: tokens.length < maxTokens ? 'stop' : 'length' };
    },
    close: () => provider.close(),
  };
  if (options.reply) {
    const reply = options.reply;
    delete backend.generate;
    backend.reply = async (prompt) => reply(prompt);
  }
  return backend;
}
