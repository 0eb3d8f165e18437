"""Trains one rung of the ladder for a fixed token budget, evaluates it and exports it to GGUF.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m scalegap_lab.train --rung S20k --seed 0 --out lab/ladder

Writes `{rung}-seed{seed}.gguf` and `{rung}-seed{seed}.json` (the manifest entry). Deterministic for a seed:
the seed fixes the initialisation and the order in which the (fixed) corpus is read.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import time

import numpy as np
import torch

from . import corpus, evaluate, gguf
from .model import BOS, Llama, config_by_name, parameter_count

BATCH = 32
LEARNING_RATE = 3e-3
WARMUP_STEPS = 100
MIN_LR_FRACTION = 0.1
DEFAULT_TOKENS = 6_000_000


def pack_rows(lines: list[str], seed: int, rows_needed: int, width: int) -> np.ndarray:
    """Rows of `width` tokens, each made of whole lines (BOS + bytes) read in a seeded order; -1 marks padding."""
    encoded = [[BOS] + list(line.encode("utf-8")) for line in lines]
    rng = np.random.RandomState(seed)
    rows = np.full((rows_needed, width), -1, dtype=np.int16)
    r, fill = 0, 0
    while r < rows_needed:
        for index in rng.permutation(len(encoded)):
            seq = encoded[index]
            if fill + len(seq) > width:
                r, fill = r + 1, 0
                if r == rows_needed:
                    break
            rows[r, fill:fill + len(seq)] = seq
            fill += len(seq)
    return rows


def batch_tensors(rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    raw = torch.from_numpy(rows.astype(np.int64))
    pad = raw < 0
    tokens = raw.masked_fill(pad, BOS)
    inputs, targets = tokens[:, :-1], tokens[:, 1:].clone()
    targets[pad[:, :-1]] = -100  # nothing is learned from padding inputs; the end of a line predicts BOS
    documents = torch.cumsum((inputs == BOS).long(), dim=1)
    return inputs, targets, documents


def learning_rate(step: int, steps: int) -> float:
    if step < WARMUP_STEPS:
        return LEARNING_RATE * (step + 1) / WARMUP_STEPS
    progress = (step - WARMUP_STEPS) / max(1, steps - WARMUP_STEPS)
    return LEARNING_RATE * (MIN_LR_FRACTION + (1 - MIN_LR_FRACTION) * 0.5 * (1 + math.cos(math.pi * progress)))


def train(rung: str, seed: int, tokens: int, log_every: int = 200, context: int | None = None, batch: int = BATCH):
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    cfg = config_by_name(rung)
    if context is not None:
        from dataclasses import replace
        cfg = replace(cfg, context=context)
    split = corpus.make_split()
    lines = corpus.training_lines(split)
    steps = max(1, tokens // (batch * cfg.context))
    rows = pack_rows(lines, seed, steps * batch, cfg.context + 1)
    model = Llama(cfg)
    decay = [p for p in model.parameters() if p.dim() == 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=LEARNING_RATE, betas=(0.9, 0.95))
    losses: list[float] = []
    started = time.time()
    model.train()
    for step in range(steps):
        for group in opt.param_groups:
            group["lr"] = learning_rate(step, steps)
        inputs, targets, documents = batch_tensors(rows[step * batch:(step + 1) * batch])
        logits = model(inputs, documents)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                                                 ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(loss))
        if log_every and (step + 1) % log_every == 0:
            elapsed = time.time() - started
            print(f"{rung} seed {seed}: step {step + 1}/{steps} loss {np.mean(losses[-log_every:]):.4f} "
                  f"{(step + 1) * batch * cfg.context / elapsed:,.0f} tok/s", flush=True)
    wall = time.time() - started
    stats = {
        "steps": steps, "batch": batch, "context": cfg.context, "tokens": steps * batch * cfg.context,
        "non_padding_tokens": int((rows[:, 1:] >= 0).sum()),
        "final_loss": float(np.mean(losses[-100:])), "train_wall_s": round(wall, 1),
        "tokens_per_s": round(steps * batch * cfg.context / wall),
        "optimizer": {"name": "AdamW", "lr": LEARNING_RATE, "betas": [0.9, 0.95], "weight_decay": 0.1,
                      "warmup_steps": WARMUP_STEPS, "schedule": "cosine to 10%", "grad_clip": 1.0},
        "corpus_hash": corpus.corpus_hash(lines), "corpus_lines": len(lines),
    }
    return model, split, stats


def evaluation_figures(model: Llama, split: corpus.Split) -> dict:
    figures = {}
    for name, questions in list(split.heldout.items()) + list(split.seen.items()):
        records = corpus.task_records(questions)
        figures[name] = evaluate.summarize(records, evaluate.option_logprobs(model, records))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rung", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tokens", type=int, default=DEFAULT_TOKENS)
    parser.add_argument("--batch", type=int, default=BATCH, help="rows of context tokens per step")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    model, split, stats = train(args.rung, args.seed, args.tokens, batch=args.batch)
    stem = f"{args.rung}-seed{args.seed}"
    path = os.path.join(args.out, stem + ".gguf")
    gguf.write_gguf(model, stem, path)
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    entry = {"model": stem, "size": args.rung, "seed": args.seed, "params": parameter_count(model),
             "config": model.cfg.to_dict(), "file": stem + ".gguf", "file_bytes": os.path.getsize(path),
             "sha256": sha, "budget": {k: stats[k] for k in ("steps", "batch", "context", "tokens", "non_padding_tokens")},
             **{k: v for k, v in stats.items() if k not in ("steps", "batch", "context", "tokens", "non_padding_tokens")},
             "evaluation": evaluation_figures(model, split)}
    with open(os.path.join(args.out, stem + ".json"), "w") as f:
        json.dump(entry, f, indent=2)
    print(json.dumps({k: entry[k] for k in ("model", "params", "final_loss", "tokens_per_s", "train_wall_s")}))
    for task, fig in entry["evaluation"].items():
        print(f"  {task:20s} acc {fig['accuracy']:.2f} loss {fig['loss']:.2f} conf {fig['confidence']:.2f}")


if __name__ == "__main__":
    main()
