"""A llama model in PyTorch with llama.cpp's rotary convention (ADJACENT pairs 2i, 2i+1 are rotated).

RMSNorm (eps 1e-5), rotary embeddings (base 10000), SwiGLU feed-forward, no biases, untied output head,
byte vocabulary of 257 (256 bytes + `<|endoftext|>` = 256, also BOS). Because the rotary rotates adjacent
pairs exactly as llama.cpp's `llama` architecture does, q/k weights are exported with no permutation.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

VOCAB_SIZE = 257
BOS = 256


@dataclass(frozen=True)
class ModelConfig:
    name: str
    embd: int
    layers: int
    heads: int
    ff: int
    context: int = 64
    rms_eps: float = 1e-5
    rope_base: float = 10000.0

    def to_dict(self) -> dict:
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotary_tables(head_dim: int, length: int, base: float) -> tuple[torch.Tensor, torch.Tensor]:
    inv = base ** (-torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    angles = torch.arange(length, dtype=torch.float64)[:, None] * inv[None, :]
    return torch.cos(angles).float(), torch.sin(angles).float()


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x: (B, H, T, D). Rotates the adjacent pairs (x[2i], x[2i+1]) by angle pos * base^(-2i/D)."""
    even, odd = x[..., 0::2], x[..., 1::2]
    rotated_even = even * cos - odd * sin
    rotated_odd = even * sin + odd * cos
    return torch.stack((rotated_even, rotated_odd), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.heads = cfg.heads
        self.attn_norm = RMSNorm(cfg.embd, cfg.rms_eps)
        self.wq = nn.Linear(cfg.embd, cfg.embd, bias=False)
        self.wk = nn.Linear(cfg.embd, cfg.embd, bias=False)
        self.wv = nn.Linear(cfg.embd, cfg.embd, bias=False)
        self.wo = nn.Linear(cfg.embd, cfg.embd, bias=False)
        self.ffn_norm = RMSNorm(cfg.embd, cfg.rms_eps)
        self.w_gate = nn.Linear(cfg.embd, cfg.ff, bias=False)
        self.w_up = nn.Linear(cfg.embd, cfg.ff, bias=False)
        self.w_down = nn.Linear(cfg.ff, cfg.embd, bias=False)

    def forward(self, x, cos, sin, mask):
        b, t, d = x.shape
        hd = d // self.heads
        h = self.attn_norm(x)
        q = self.wq(h).view(b, t, self.heads, hd).transpose(1, 2)
        k = self.wk(h).view(b, t, self.heads, hd).transpose(1, 2)
        v = self.wv(h).view(b, t, self.heads, hd).transpose(1, 2)
        q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        scores = scores.masked_fill(~mask, float("-inf"))
        att = torch.softmax(scores, dim=-1) @ v
        x = x + self.wo(att.transpose(1, 2).reshape(b, t, d))
        h = self.ffn_norm(x)
        return x + self.w_down(F.silu(self.w_gate(h)) * self.w_up(h))


class Llama(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.token_embd = nn.Embedding(VOCAB_SIZE, cfg.embd)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.output_norm = RMSNorm(cfg.embd, cfg.rms_eps)
        self.output = nn.Linear(cfg.embd, VOCAB_SIZE, bias=False)
        cos, sin = rotary_tables(cfg.embd // cfg.heads, cfg.context, cfg.rope_base)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                nn.init.normal_(p, mean=0.0, std=0.02)

    def forward(self, tokens: torch.Tensor, documents: torch.Tensor | None = None) -> torch.Tensor:
        """Logits (B, T, V). `documents` (B, T) restricts attention to positions of the same document."""
        b, t = tokens.shape
        causal = torch.ones(t, t, dtype=torch.bool).tril()
        if documents is None:
            mask = causal[None, None]
        else:
            mask = (causal[None] & (documents[:, :, None] == documents[:, None, :]))[:, None]
        x = self.token_embd(tokens)
        cos, sin = self.cos[:t], self.sin[:t]
        for block in self.blocks:
            x = block(x, cos, sin, mask)
        return self.output(self.output_norm(x))


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# The ladder: 2.56 decades of parameters (3.7k to 1.32M), LAB.md's recipe (context 64, batch 32), three seeds per
# size. S4k sits below LAB.md's smallest rung and S1.3M slightly above its largest so the ladder spans 2.5 decades.
LADDER = [
    ModelConfig("S4k", 6, 1, 1, 24),
    ModelConfig("S20k", 24, 1, 2, 64),
    ModelConfig("S80k", 48, 2, 4, 128),
    ModelConfig("S300k", 96, 3, 4, 224),
    ModelConfig("S1.3M", 160, 4, 5, 432),
]
# Rungs of the first shipped ladder (context 128, batch 8); kept so that `--rung S500k` still works.
EXTRA_RUNGS = [ModelConfig("S5k", 8, 1, 2, 32, context=128), ModelConfig("S500k", 112, 3, 4, 304, context=128)]


def config_by_name(name: str) -> ModelConfig:
    for cfg in LADDER + EXTRA_RUNGS:
        if cfg.name == name:
            return cfg
    raise KeyError(f"unknown rung {name!r}; known: {', '.join(c.name for c in LADDER)}")
