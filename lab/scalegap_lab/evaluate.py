"""PyTorch evaluation of multiple-choice items, exactly as scalegap's option scoring does it.

Prompt `Question: {question}\nAnswer:` after BOS; each choice scored as the continuation ` {choice}` (summed
log-probability of its byte tokens). Accuracy = argmax is gold; loss = -log softmax over the options of the
gold; confidence = softmax probability of the chosen option.
"""
from __future__ import annotations

import math

import torch

from .model import BOS, Llama


def prompt_tokens(question: str) -> list[int]:
    return [BOS] + list(f"Question: {question}\nAnswer:".encode("utf-8"))


def option_tokens(choice: str) -> list[int]:
    return list(f" {choice}".encode("utf-8"))


@torch.no_grad()
def option_logprobs(model: Llama, records: list[dict], batch: int = 256) -> list[list[float]]:
    """Summed log-probability of each choice of each record (`question`, `choices`)."""
    model.eval()
    sequences: list[tuple[int, int, list[int]]] = []  # (record, prompt length, tokens)
    for r, rec in enumerate(records):
        prompt = prompt_tokens(rec["question"])
        for choice in rec["choices"]:
            sequences.append((r, len(prompt), prompt + option_tokens(choice)))
    scores: list[float] = []
    for start in range(0, len(sequences), batch):
        chunk = sequences[start:start + batch]
        width = max(len(s[2]) for s in chunk)
        tokens = torch.full((len(chunk), width), BOS, dtype=torch.long)
        for i, (_, _, seq) in enumerate(chunk):
            tokens[i, : len(seq)] = torch.tensor(seq)
        logp = torch.log_softmax(model(tokens).double(), dim=-1)
        for i, (_, plen, seq) in enumerate(chunk):
            positions = torch.arange(plen - 1, len(seq) - 1)
            targets = torch.tensor(seq[plen:])
            scores.append(float(logp[i, positions, targets].sum()))
    out: list[list[float]] = [[] for _ in records]
    for (r, _, _), score in zip(sequences, scores):
        out[r].append(score)
    return out


@torch.no_grad()
def token_logprobs(model: Llama, question: str, choice: str) -> list[float]:
    """Per-token log-probabilities of the option's tokens (for the exporter check)."""
    model.eval()
    prompt = prompt_tokens(question)
    seq = prompt + option_tokens(choice)
    logp = torch.log_softmax(model(torch.tensor([seq])).double(), dim=-1)[0]
    return [float(logp[p - 1, seq[p]]) for p in range(len(prompt), len(seq))]


def outcome(logprobs: list[float], gold: int) -> dict:
    top = max(logprobs)
    total = top + math.log(sum(math.exp(v - top) for v in logprobs))
    chosen = max(range(len(logprobs)), key=lambda i: (logprobs[i], -i))
    return {"chosen": chosen, "correct": chosen == gold, "confidence": math.exp(logprobs[chosen] - total),
            "loss": total - logprobs[gold]}


def summarize(records: list[dict], logprobs: list[list[float]]) -> dict:
    outs = [outcome(lp, rec["answer"]) for rec, lp in zip(records, logprobs)]
    n = len(outs)
    return {"n": n, "accuracy": sum(o["correct"] for o in outs) / n,
            "loss": sum(o["loss"] for o in outs) / n, "confidence": sum(o["confidence"] for o in outs) / n}
