"""Reads a lab GGUF file back into the PyTorch model (to re-evaluate shipped files without checkpoints)."""
from __future__ import annotations

import struct

import numpy as np
import torch

from .model import Llama, ModelConfig

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}


class _Cursor:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, fmt: str):
        value = struct.unpack_from(fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return value[0] if len(value) == 1 else value

    def string(self) -> str:
        n = self.take("<Q")
        text = self.data[self.at:self.at + n].decode("utf-8")
        self.at += n
        return text

    def value(self, kind: int):
        if kind in _SCALARS:
            return self.take(_SCALARS[kind])
        if kind == 8:
            return self.string()
        if kind == 9:
            inner, count = self.take("<I"), self.take("<Q")
            return [self.value(inner) for _ in range(count)]
        raise ValueError(f"unknown GGUF value type {kind}")


def read_gguf(path: str) -> tuple[dict, dict[str, np.ndarray]]:
    with open(path, "rb") as f:
        data = f.read()
    cur = _Cursor(data)
    if data[:4] != b"GGUF":
        raise ValueError(f"{path}: not a GGUF file")
    cur.at = 4
    version, n_tensors, n_kv = cur.take("<I"), cur.take("<Q"), cur.take("<Q")
    if version != 3:
        raise ValueError(f"{path}: GGUF version {version}, expected 3")
    metadata = {}
    for _ in range(n_kv):
        key = cur.string()
        metadata[key] = cur.value(cur.take("<I"))
    infos = []
    for _ in range(n_tensors):
        name = cur.string()
        n_dims = cur.take("<I")
        dims = [cur.take("<Q") for _ in range(n_dims)]
        kind, offset = cur.take("<I"), cur.take("<Q")
        if kind != 0:
            raise ValueError(f"{path}: tensor {name} is not f32")
        infos.append((name, dims, offset))
    alignment = metadata.get("general.alignment", 32)
    base = cur.at + (alignment - cur.at % alignment) % alignment
    tensors = {}
    for name, dims, offset in infos:
        count = int(np.prod(dims))
        array = np.frombuffer(data, dtype="<f4", count=count, offset=base + offset)
        tensors[name] = array.reshape(list(reversed(dims))).copy()
    return metadata, tensors


def load_model(path: str) -> Llama:
    md, t = read_gguf(path)
    cfg = ModelConfig(md["general.name"], md["llama.embedding_length"], md["llama.block_count"],
                      md["llama.attention.head_count"], md["llama.feed_forward_length"], md["llama.context_length"],
                      float(np.float32(md["llama.attention.layer_norm_rms_epsilon"])),
                      float(md["llama.rope.freq_base"]))
    model = Llama(cfg)
    sd = {"token_embd.weight": t["token_embd.weight"], "output_norm.weight": t["output_norm.weight"],
          "output.weight": t["output.weight"]}
    names = {"attn_norm": "attn_norm.weight", "attn_q": "wq.weight", "attn_k": "wk.weight", "attn_v": "wv.weight",
             "attn_output": "wo.weight", "ffn_norm": "ffn_norm.weight", "ffn_gate": "w_gate.weight",
             "ffn_up": "w_up.weight", "ffn_down": "w_down.weight"}
    for n in range(cfg.layers):
        for g, p in names.items():
            sd[f"blocks.{n}.{p}"] = t[f"blk.{n}.{g}.weight"]
    model.load_state_dict({k: torch.from_numpy(v) for k, v in sd.items()})
    model.eval()
    return model
