"""Training throughput of every rung, single-threaded: tokens/s of wall time and of CPU time (this process).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m scalegap_lab.bench [--steps 20]

CPU-time tokens/s is what the rung costs; wall-time tokens/s is what it got on a machine shared with others.
"""
from __future__ import annotations

import argparse
import json
import time

import torch

from . import corpus, train
from .model import LADDER, Llama, parameter_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    lines = corpus.training_lines(corpus.make_split(), count=20_000)
    rows = train.pack_rows(lines, 0, (args.steps + 3) * train.BATCH, LADDER[0].context + 1)
    out = []
    for cfg in LADDER:
        model = Llama(cfg)
        opt = torch.optim.AdamW(model.parameters(), lr=train.LEARNING_RATE, betas=(0.9, 0.95), weight_decay=0.1)

        def step(index: int) -> None:
            inputs, targets, documents = train.batch_tensors(rows[index * train.BATCH:(index + 1) * train.BATCH])
            logits = model(inputs, documents)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()

        for index in range(3):
            step(index)
        wall, cpu = time.perf_counter(), time.process_time()
        for index in range(3, 3 + args.steps):
            step(index)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        tokens = args.steps * train.BATCH * cfg.context
        out.append({"rung": cfg.name, "params": parameter_count(model), "tokens_per_s_wall": round(tokens / wall),
                    "tokens_per_s_cpu": round(tokens / cpu)})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
