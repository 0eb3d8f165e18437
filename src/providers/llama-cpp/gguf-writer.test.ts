import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGguf, writeGguf } from './gguf-writer.js';
import { writeTinyLlamaGguf } from './tiny-llama.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scalegap-gguf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeGguf (read back by node-llama-cpp’s own GGUF parser)', () => {
  it('writes every value type and F32 tensors at aligned offsets', async () => {
    const path = join(dir, 'values.gguf');
    const small = Float32Array.from([1.5, -2.25, 3]);
    const matrix = Float32Array.from({ length: 2 * 5 }, (_, index) => index / 7);
    await writeGguf(path, {
      metadata: [
        ['general.architecture', { type: 'string', value: 'llama' }],
        ['test.u32', { type: 'u32', value: 4000000000 }],
        ['test.i32', { type: 'i32', value: -7 }],
        ['test.f32', { type: 'f32', value: 0.5 }],
        ['test.bool', { type: 'bool', value: true }],
        ['test.strings', { type: 'string[]', value: ['a', 'ü', ''] }],
        ['test.ints', { type: 'i32[]', value: [1, -2, 3] }],
        ['test.floats', { type: 'f32[]', value: [0.25, -1] }],
      ],
      tensors: [
        { name: 'small', dims: [3], data: small },
        { name: 'matrix', dims: [5, 2], data: matrix },
      ],
    });
    const info = await readGgufFileInfo(path, { logWarnings: false });
    expect(info.version).toBe(3);
    const test = (info.metadata as unknown as { test: Record<string, unknown> }).test;
    expect(test).toEqual({ u32: 4000000000, i32: -7, f32: 0.5, bool: true, strings: ['a', 'ü', ''], ints: [1, -2, 3], floats: [0.25, -1] });
    const tensors = info.tensorInfo ?? [];
    expect(tensors.map((tensor) => [tensor.name, tensor.dimensions.map(Number), tensor.ggmlType, Number(tensor.offset)])).toEqual([
      ['small', [3], 0, 0],
      ['matrix', [5, 2], 0, 32],
    ]);
    const bytes = await readFile(path);
    for (const [tensor, expected] of [[tensors[0], small], [tensors[1], matrix]] as const) {
      const start = Number(tensor?.fileOffset);
      expect(start % 32).toBe(0);
      const read = Array.from({ length: expected.length }, (_, index) => bytes.readFloatLE(start + 4 * index));
      expect(read).toEqual(Array.from(expected));
    }
  });

  it('refuses a tensor whose data does not match its dims', () => {
    expect(() => encodeGguf({ metadata: [], tensors: [{ name: 'bad', dims: [2, 2], data: new Float32Array(3) }] })).toThrow(/bad.*4 values, got 3/);
  });
});

describe('writeTinyLlamaGguf', () => {
  it('writes the llama metadata, byte vocabulary and tensor shapes', async () => {
    const path = join(dir, 'tiny.gguf');
    await writeTinyLlamaGguf(path, { seed: 3, embeddingLength: 16, blockCount: 1, headCount: 2, feedForwardLength: 24 });
    const info = await readGgufFileInfo(path, { logWarnings: false });
    const llama = info.architectureMetadata as unknown as Record<string, unknown>;
    expect(llama).toMatchObject({ embedding_length: 16, block_count: 1, feed_forward_length: 24, vocab_size: 257 });
    const tokenizer = (info.metadata as unknown as { tokenizer: { ggml: { tokens: string[]; bos_token_id: number } } }).tokenizer.ggml;
    expect(tokenizer.tokens).toHaveLength(257);
    // GPT-2's byte-to-unicode table: printable ASCII stands for itself, space (0x20) is 'Ġ', byte 0 is 'Ā'.
    expect([tokenizer.tokens[65], tokenizer.tokens[32], tokenizer.tokens[0], tokenizer.tokens[256]]).toEqual(['A', 'Ġ', 'Ā', '<|endoftext|>']);
    expect(tokenizer.bos_token_id).toBe(256);
    const shapes = Object.fromEntries((info.tensorInfo ?? []).map((tensor) => [tensor.name, tensor.dimensions.map(Number)]));
    expect(shapes).toMatchObject({ 'token_embd.weight': [16, 257], 'blk.0.attn_k.weight': [16, 16], 'blk.0.ffn_down.weight': [24, 16], 'output.weight': [16, 257] });
    expect(Object.keys(shapes)).toHaveLength(3 + 9);
  });

  it('gives the same bytes for the same seed and different weights for another seed', async () => {
    await writeTinyLlamaGguf(join(dir, 'a.gguf'), { seed: 5 });
    await writeTinyLlamaGguf(join(dir, 'b.gguf'), { seed: 5 });
    await writeTinyLlamaGguf(join(dir, 'c.gguf'), { seed: 6 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => readFile(join(dir, `${name}.gguf`))));
    expect(a?.equals(b as Buffer)).toBe(true);
    expect(a?.length).toBe(c?.length);
    expect(a?.equals(c as Buffer)).toBe(false);
  });

  it('rejects shapes llama.cpp cannot run', async () => {
    await expect(writeTinyLlamaGguf(join(dir, 'bad.gguf'), { embeddingLength: 30, headCount: 4 })).rejects.toThrow(/multiple of headCount/);
  });
});
