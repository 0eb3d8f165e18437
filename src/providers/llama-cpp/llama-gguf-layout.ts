import { BYTE_VOCABULARY_SIZE, END_OF_TEXT_ID, byteVocabularyTokens } from './byte-vocabulary.js';
import type { GgufFile, GgufTensor, GgufValue } from './gguf-writer.js';

/** Hyper-parameters of a llama-architecture model with the byte vocabulary. */
export interface LlamaHyperParameters {
  embeddingLength: number;
  blockCount: number;
  headCount: number;
  /** Key/value heads (grouped-query attention when fewer than `headCount`). */
  headCountKv: number;
  feedForwardLength: number;
  contextLength: number;
  rmsNormEpsilon: number;
  ropeFreqBase: number;
  name: string;
}

/**
 * Weights as PyTorch would hold them, row-major (out, in), keyed by GGUF tensor name:
 * `token_embd.weight` (vocab, embd), `output.weight` (vocab, embd), `output_norm.weight` (embd), and per block N
 * `blk.N.attn_norm.weight`, `attn_q` (embd, embd), `attn_k`/`attn_v` (kvDim, embd), `attn_output` (embd, embd),
 * `ffn_norm`, `ffn_gate`/`ffn_up` (ff, embd), `ffn_down` (embd, ff).
 */
export type LlamaWeights = ReadonlyMap<string, Float32Array>;

/** GGUF dims (contiguous first) of every tensor of a llama model, in file order. */
export function llamaTensorShapes(hp: LlamaHyperParameters): Array<[name: string, dims: number[]]> {
  const embd = hp.embeddingLength;
  const kvDim = (embd / hp.headCount) * hp.headCountKv;
  const ff = hp.feedForwardLength;
  const shapes: Array<[string, number[]]> = [
    ['token_embd.weight', [embd, BYTE_VOCABULARY_SIZE]],
    ['output_norm.weight', [embd]],
    ['output.weight', [embd, BYTE_VOCABULARY_SIZE]],
  ];
  for (let block = 0; block < hp.blockCount; block += 1) {
    const prefix = `blk.${block}.`;
    shapes.push(
      [`${prefix}attn_norm.weight`, [embd]],
      [`${prefix}attn_q.weight`, [embd, embd]],
      [`${prefix}attn_k.weight`, [embd, kvDim]],
      [`${prefix}attn_v.weight`, [embd, kvDim]],
      [`${prefix}attn_output.weight`, [embd, embd]],
      [`${prefix}ffn_norm.weight`, [embd]],
      [`${prefix}ffn_gate.weight`, [embd, ff]],
      [`${prefix}ffn_up.weight`, [embd, ff]],
      [`${prefix}ffn_down.weight`, [ff, embd]],
    );
  }
  return shapes;
}

/** Checks the hyper-parameters llama.cpp needs to hold; throws a plain Error naming the problem. */
export function assertLlamaHyperParameters(hp: LlamaHyperParameters): void {
  const positive = ['embeddingLength', 'blockCount', 'headCount', 'headCountKv', 'feedForwardLength', 'contextLength'] as const;
  for (const key of positive) {
    if (!Number.isInteger(hp[key]) || hp[key] <= 0) throw new Error(`${key} must be a positive integer, got ${hp[key]}`);
  }
  if (hp.embeddingLength % hp.headCount !== 0) throw new Error('embeddingLength must be a multiple of headCount');
  if ((hp.embeddingLength / hp.headCount) % 2 !== 0) throw new Error('the head dimension (embeddingLength / headCount) must be even for rotary embeddings');
  if (hp.headCount % hp.headCountKv !== 0) throw new Error('headCount must be a multiple of headCountKv');
}

/** The GGUF file (metadata + tensors) of a llama model with the gpt2 byte tokenizer. */
export function llamaGgufFile(hp: LlamaHyperParameters, weights: LlamaWeights): GgufFile {
  assertLlamaHyperParameters(hp);
  const tokens = byteVocabularyTokens();
  const tokenTypes = tokens.map((_, id) => (id === END_OF_TEXT_ID ? 3 : 1)); // 1 normal, 3 control
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  const metadata: Array<[string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: hp.name }],
    ['general.alignment', u32(32)],
    ['general.file_type', u32(0)],
    ['llama.context_length', u32(hp.contextLength)],
    ['llama.embedding_length', u32(hp.embeddingLength)],
    ['llama.block_count', u32(hp.blockCount)],
    ['llama.feed_forward_length', u32(hp.feedForwardLength)],
    ['llama.attention.head_count', u32(hp.headCount)],
    ['llama.attention.head_count_kv', u32(hp.headCountKv)],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: hp.rmsNormEpsilon }],
    ['llama.rope.dimension_count', u32(hp.embeddingLength / hp.headCount)],
    ['llama.rope.freq_base', { type: 'f32', value: hp.ropeFreqBase }],
    ['llama.vocab_size', u32(BYTE_VOCABULARY_SIZE)],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'gpt-2' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: tokens }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: tokenTypes }],
    ['tokenizer.ggml.merges', { type: 'string[]', value: [] }],
    ['tokenizer.ggml.bos_token_id', u32(END_OF_TEXT_ID)],
    ['tokenizer.ggml.eos_token_id', u32(END_OF_TEXT_ID)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
  ];
  const tensors: GgufTensor[] = llamaTensorShapes(hp).map(([name, dims]) => {
    const data = weights.get(name);
    if (data === undefined) throw new Error(`missing weight ${name}`);
    return { name, dims, data };
  });
  return { metadata, tensors, alignment: 32 };
}
