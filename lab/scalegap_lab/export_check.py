"""The exporter check, PyTorch side: trains the smallest rung briefly, exports it, writes reference log-probs.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m scalegap_lab.export_check --steps 300 --out DIR

Writes DIR/model.gguf and DIR/reference.json: for items of every held-out task, the prompt and option token ids,
PyTorch's per-token log-probabilities of each option and their sums. A test loads the GGUF in node-llama-cpp and
compares.
"""
from __future__ import annotations

import argparse
import json
import os

import torch

from . import corpus, evaluate, gguf, ladder, train
from .model import LADDER, config_by_name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--rung", default=LADDER[0].name)
    parser.add_argument("--items-per-task", type=int, default=10)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model, split, stats = train.train(args.rung, 0, args.steps * train.BATCH * config_by_name(args.rung).context, log_every=0)
    os.makedirs(args.out, exist_ok=True)
    gguf.write_gguf(model, f"{args.rung}-check", os.path.join(args.out, "model.gguf"))
    records = ladder.all_tasks(split)
    items = []
    for task in ("pattern", "knowledge", "temporal", "compositional", "override", "shortcut"):
        recs = records[task][: args.items_per_task]
        sums = evaluate.option_logprobs(model, recs)
        for rec, option_sums in zip(recs, sums):
            items.append({
                "task": task, "id": rec["id"], "question": rec["question"], "choices": rec["choices"],
                "answer": rec["answer"], "promptTokens": evaluate.prompt_tokens(rec["question"]),
                "options": [{"tokens": evaluate.option_tokens(c), "tokenLogprobs": evaluate.token_logprobs(model, rec["question"], c),
                             "logprob": s} for c, s in zip(rec["choices"], option_sums)],
            })
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump({"rung": args.rung, "steps": args.steps, "finalLoss": stats["final_loss"], "items": items}, f)
    print(json.dumps({"steps": args.steps, "final_loss": stats["final_loss"], "tokens_per_s": stats["tokens_per_s"]}))


if __name__ == "__main__":
    main()
