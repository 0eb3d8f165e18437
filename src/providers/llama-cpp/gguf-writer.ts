import { writeFile } from 'node:fs/promises';

/**
 * A minimal GGUF version 3 writer: metadata key/values and F32 tensors, enough to write a loadable model.
 * Layout: magic "GGUF", u32 version, u64 tensor count, u64 key/value count, key/values, tensor infos,
 * padding to the alignment, then the data section (each tensor aligned). All integers little-endian.
 */

/** A metadata value with its GGUF type spelled out (GGUF is typed; JavaScript numbers are not). */
export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'i32[]'; value: readonly number[] }
  | { type: 'f32[]'; value: readonly number[] };

/** One F32 tensor. `dims` are in GGUF order: contiguous dimension first (a (out, in) matrix has dims [in, out]). */
export interface GgufTensor {
  name: string;
  dims: readonly number[];
  data: Float32Array;
}

export interface GgufFile {
  metadata: ReadonlyArray<readonly [key: string, value: GgufValue]>;
  tensors: readonly GgufTensor[];
  /** Alignment of the data section and of each tensor, in bytes (default 32, GGUF's default). */
  alignment?: number;
}

const TYPE_CODE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;
const GGML_TYPE_F32 = 0;

/** Grows a little-endian byte buffer. */
class ByteSink {
  private buffer = Buffer.alloc(1 << 16);
  length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const next = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }
  u32(value: number): void { this.reserve(4); this.buffer.writeUInt32LE(value, this.length); this.length += 4; }
  i32(value: number): void { this.reserve(4); this.buffer.writeInt32LE(value, this.length); this.length += 4; }
  f32(value: number): void { this.reserve(4); this.buffer.writeFloatLE(value, this.length); this.length += 4; }
  u64(value: number): void { this.reserve(8); this.buffer.writeBigUInt64LE(BigInt(value), this.length); this.length += 8; }
  u8(value: number): void { this.reserve(1); this.buffer.writeUInt8(value, this.length); this.length += 1; }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.bytes(bytes);
  }
  bytes(bytes: Uint8Array): void { this.reserve(bytes.length); this.buffer.set(bytes, this.length); this.length += bytes.length; }
  padTo(alignment: number): void {
    const padding = (alignment - (this.length % alignment)) % alignment;
    this.reserve(padding);
    this.buffer.fill(0, this.length, this.length + padding);
    this.length += padding;
  }
  toBuffer(): Buffer { return this.buffer.subarray(0, this.length); }
}

function writeValue(sink: ByteSink, entry: GgufValue): void {
  switch (entry.type) {
    case 'u32': sink.u32(TYPE_CODE.u32); sink.u32(entry.value); return;
    case 'i32': sink.u32(TYPE_CODE.i32); sink.i32(entry.value); return;
    case 'f32': sink.u32(TYPE_CODE.f32); sink.f32(entry.value); return;
    case 'bool': sink.u32(TYPE_CODE.bool); sink.u8(entry.value ? 1 : 0); return;
    case 'string': sink.u32(TYPE_CODE.string); sink.string(entry.value); return;
    case 'string[]':
      sink.u32(TYPE_CODE.array); sink.u32(TYPE_CODE.string); sink.u64(entry.value.length);
      for (const item of entry.value) sink.string(item);
      return;
    case 'i32[]':
      sink.u32(TYPE_CODE.array); sink.u32(TYPE_CODE.i32); sink.u64(entry.value.length);
      for (const item of entry.value) sink.i32(item);
      return;
    case 'f32[]':
      sink.u32(TYPE_CODE.array); sink.u32(TYPE_CODE.f32); sink.u64(entry.value.length);
      for (const item of entry.value) sink.f32(item);
      return;
  }
}

/** Encodes a GGUF v3 file in memory. Throws when a tensor's data length does not match its dims. */
export function encodeGguf(file: GgufFile): Buffer {
  const alignment = file.alignment ?? 32;
  const sink = new ByteSink();
  sink.bytes(Buffer.from('GGUF', 'ascii'));
  sink.u32(3);
  sink.u64(file.tensors.length);
  sink.u64(file.metadata.length);
  for (const [key, value] of file.metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  for (const tensor of file.tensors) {
    const elementCount = tensor.dims.reduce((product, dim) => product * dim, 1);
    if (elementCount !== tensor.data.length) {
      throw new Error(`GGUF tensor ${tensor.name}: dims [${tensor.dims.join(', ')}] need ${elementCount} values, got ${tensor.data.length}`);
    }
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offset += Math.ceil((elementCount * 4) / alignment) * alignment;
  }
  sink.padTo(alignment);
  for (const tensor of file.tensors) {
    const little = Buffer.alloc(tensor.data.length * 4);
    for (let index = 0; index < tensor.data.length; index += 1) little.writeFloatLE(tensor.data[index] ?? 0, index * 4);
    sink.bytes(little);
    sink.padTo(alignment);
  }
  return sink.toBuffer();
}

/** Writes a GGUF v3 file to `path`. */
export async function writeGguf(path: string, file: GgufFile): Promise<void> {
  await writeFile(path, encodeGguf(file));
}
