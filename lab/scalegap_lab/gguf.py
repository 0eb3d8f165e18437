"""GGUF v3 exporter for the lab's llama models (layout of DESIGN.md section 7).

gpt2 byte tokenizer with no merges (token id = byte, `<|endoftext|>` = 256 as BOS/EOS); every tensor f32;
a PyTorch weight of shape (out, in) is written unchanged with dims [in, out] (contiguous dimension first).
"""
from __future__ import annotations

import struct

import numpy as np

from .model import BOS, VOCAB_SIZE, Llama

ALIGNMENT = 32
_U32, _I32, _F32, _BOOL, _STRING, _ARRAY = 4, 5, 6, 7, 8, 9


def _printable(byte: int) -> bool:
    return 0x21 <= byte <= 0x7E or 0xA1 <= byte <= 0xAC or 0xAE <= byte <= 0xFF


def byte_vocabulary() -> list[str]:
    """GPT-2's bytes_to_unicode characters in byte order, then `<|endoftext|>`."""
    tokens, rank = [], 0
    for byte in range(256):
        if _printable(byte):
            tokens.append(chr(byte))
        else:
            tokens.append(chr(256 + rank))
            rank += 1
    tokens.append("<|endoftext|>")
    return tokens


def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def _value(kind: str, value) -> bytes:
    if kind == "u32":
        return struct.pack("<I", _U32) + struct.pack("<I", value)
    if kind == "f32":
        return struct.pack("<I", _F32) + struct.pack("<f", value)
    if kind == "bool":
        return struct.pack("<I", _BOOL) + struct.pack("<?", value)
    if kind == "string":
        return struct.pack("<I", _STRING) + _string(value)
    if kind == "string[]":
        return struct.pack("<IIQ", _ARRAY, _STRING, len(value)) + b"".join(_string(v) for v in value)
    if kind == "i32[]":
        return struct.pack("<IIQ", _ARRAY, _I32, len(value)) + struct.pack(f"<{len(value)}i", *value)
    raise ValueError(kind)


def tensors_of(model: Llama) -> list[tuple[str, np.ndarray]]:
    """(GGUF name, array as PyTorch holds it) in file order."""
    def arr(t) -> np.ndarray:
        return t.detach().to("cpu").float().numpy()

    out = [("token_embd.weight", arr(model.token_embd.weight)),
           ("output_norm.weight", arr(model.output_norm.weight)),
           ("output.weight", arr(model.output.weight))]
    for n, b in enumerate(model.blocks):
        p = f"blk.{n}."
        out += [(p + "attn_norm.weight", arr(b.attn_norm.weight)), (p + "attn_q.weight", arr(b.wq.weight)),
                (p + "attn_k.weight", arr(b.wk.weight)), (p + "attn_v.weight", arr(b.wv.weight)),
                (p + "attn_output.weight", arr(b.wo.weight)), (p + "ffn_norm.weight", arr(b.ffn_norm.weight)),
                (p + "ffn_gate.weight", arr(b.w_gate.weight)), (p + "ffn_up.weight", arr(b.w_up.weight)),
                (p + "ffn_down.weight", arr(b.w_down.weight))]
    return out


def _pad(n: int) -> int:
    return (ALIGNMENT - n % ALIGNMENT) % ALIGNMENT


def gguf_bytes(model: Llama, name: str) -> bytes:
    cfg = model.cfg
    tokens = byte_vocabulary()
    metadata = [
        ("general.architecture", "string", "llama"),
        ("general.name", "string", name),
        ("general.alignment", "u32", ALIGNMENT),
        ("general.file_type", "u32", 0),
        ("llama.context_length", "u32", cfg.context),
        ("llama.embedding_length", "u32", cfg.embd),
        ("llama.block_count", "u32", cfg.layers),
        ("llama.feed_forward_length", "u32", cfg.ff),
        ("llama.attention.head_count", "u32", cfg.heads),
        ("llama.attention.head_count_kv", "u32", cfg.heads),
        ("llama.attention.layer_norm_rms_epsilon", "f32", cfg.rms_eps),
        ("llama.rope.dimension_count", "u32", cfg.embd // cfg.heads),
        ("llama.rope.freq_base", "f32", cfg.rope_base),
        ("llama.vocab_size", "u32", VOCAB_SIZE),
        ("tokenizer.ggml.model", "string", "gpt2"),
        ("tokenizer.ggml.pre", "string", "gpt-2"),
        ("tokenizer.ggml.tokens", "string[]", tokens),
        ("tokenizer.ggml.token_type", "i32[]", [3 if i == BOS else 1 for i in range(len(tokens))]),
        ("tokenizer.ggml.merges", "string[]", []),
        ("tokenizer.ggml.bos_token_id", "u32", BOS),
        ("tokenizer.ggml.eos_token_id", "u32", BOS),
        ("tokenizer.ggml.add_bos_token", "bool", True),
        ("tokenizer.ggml.add_eos_token", "bool", False),
    ]
    tensors = tensors_of(model)
    head = bytearray(b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata)))
    for key, kind, value in metadata:
        head += _string(key) + _value(kind, value)
    data = bytearray()
    for tname, array in tensors:
        dims = list(reversed(array.shape))  # (out, in) -> [in, out]
        head += _string(tname) + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
        head += struct.pack("<IQ", 0, len(data))
        data += np.ascontiguousarray(array, dtype="<f4").tobytes()
        data += b"\0" * _pad(len(data))
    head += b"\0" * _pad(len(head))
    return bytes(head + data)


def write_gguf(model: Llama, name: str, path: str) -> None:
    blob = gguf_bytes(model, name)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    import os
    os.replace(tmp, path)
