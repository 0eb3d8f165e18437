"""Assembles the shipped ladder: held-out task files, then `manifest.json` from the per-model entries.

    /usr/bin/python3 -m scalegap_lab.ladder --out lab/ladder [--wall-s N]

Every GGUF is loaded back into PyTorch: tasks the trainer did not evaluate (the shortcut probe) are evaluated on
it, and one task is evaluated again and must equal the figures computed on the in-memory model right after
training (a check of the export round trip). The figures go into the manifest.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import platform

import torch

from . import corpus, evaluate, train
from .gguf_reader import load_model
from .model import LADDER
from .world import WORLD_SEED

ROUND_TRIP_TASK = "pattern"
# Items whose choices were re-drawn after the trainer evaluated them (same questions): evaluated here.
REDRAWN_TASKS = {"compositional", "compositional-seen"}
TASK_ROLES = {
    "pattern": ("heldout", "next number of arithmetic (up/down) and period-2/3 sequences never in training"),
    "knowledge": ("heldout", "capital of an invented country, asked in the one phrasing never trained for it"),
    "temporal": ("heldout", "first/last of 3 events told by two shuffled before/after statements"),
    "compositional": ("heldout", "two-hop question (mother of friend of X?) held out; both single hops trained; distractors share the gold's prior"),
    "override": ("probe", "inverse-scaling task: a wrong capital stated for a known country (Kaluvo: Pamer. capital of Kaluvo?); "
                 "the answer is the stated one (training lines always copy it, for invented countries only); the remembered capital is a choice"),
    "shortcut": ("probe", "R of R of X? (never trained); the memorised one-hop answer is a choice"),
    "knowledge-phrasings": ("variants", "100 held-out knowledge items in all three phrasings (group per country: the held-out phrasing first, "
                            "then the two trained ones): answer consistency across phrasings"),
    "override-fresh": ("diagnostic", "the override lines' own distribution (invented countries, never these lines): is the copy rule learned"),
    "knowledge-seen": ("diagnostic", "knowledge items verbatim in training (memorisation)"),
    "compositional-seen": ("diagnostic", "two-hop items verbatim in training (memorisation)"),
}


def all_tasks(split: corpus.Split) -> dict[str, list[dict]]:
    heldout = {**split.heldout, "compositional": corpus.prior_matched(split.world, split.heldout["compositional"])}
    seen = {**split.seen, "compositional-seen": corpus.prior_matched(split.world, split.seen["compositional-seen"])}
    questions = {**heldout, "shortcut": corpus.shortcut_items(split.world),
                 "knowledge-phrasings": corpus.knowledge_phrasings(split), **seen}
    return {name: corpus.task_records(qs) for name, qs in questions.items()}


def write_items(out: str, records: dict[str, list[dict]]) -> None:
    os.makedirs(os.path.join(out, "items"), exist_ok=True)
    for name, recs in records.items():
        with open(os.path.join(out, "items", f"{name}.jsonl"), "w") as f:
            for rec in recs:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_run_config(out: str, manifest: dict) -> None:
    """`scalegap.yaml` for the ladder: `scalegap run -c lab/ladder/scalegap.yaml` measures it like any ladder."""
    lines = ["# The shipped lab ladder as a scalegap run config (written by lab/scalegap_lab/ladder.py).",
             "# Seeds are replicate models of the same size: same params, one family.", "models:"]
    for entry in manifest["models"]:
        lines += [f"  - id: {entry['model']}", "    provider: llama-cpp", f"    model: {entry['file']}",
                  f"    params: {entry['params']}", "    family: scalegap-lab", "    threads: 1"]
    lines.append("tasks:")
    for name, task in manifest["tasks"].items():
        prefix = "  # " if task["role"] == "diagnostic" else "  "
        note = {"diagnostic": "   # a diagnostic (scalegap lab run --diagnostics)", "variants": "   # versions of one item share a group"}
        lines.append(f"{prefix}- {task['file']}{note.get(task['role'], '')}")
    lines += ["confidence: logprobs", "store: scalegap-lab.db", ""]
    with open(os.path.join(out, "scalegap.yaml"), "w") as f:
        f.write("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--wall-s", type=float, default=None)
    args = parser.parse_args()
    torch.set_num_threads(1)
    split = corpus.make_split()
    records = all_tasks(split)
    write_items(args.out, records)
    entries = []
    for path in sorted(glob.glob(os.path.join(args.out, "*-seed*.json"))):
        with open(path) as f:
            entry = json.load(f)
        gguf_path = os.path.join(args.out, entry["file"])
        if sha256(gguf_path) != entry["sha256"]:
            raise SystemExit(f"{gguf_path}: sha256 differs from {path}")
        model = load_model(gguf_path)
        # Tasks the trainer did not evaluate (the probe) are evaluated on the exported weights; one task that it did
        # evaluate is evaluated again, as a check that the export round trip keeps the figures.
        missing = [name for name in records if name not in entry["evaluation"] or name in REDRAWN_TASKS]
        figures = {name: evaluate.summarize(records[name], evaluate.option_logprobs(model, records[name]))
                   for name in missing + [ROUND_TRIP_TASK]}
        for key in ("accuracy", "loss", "confidence"):
            before, after = entry["evaluation"][ROUND_TRIP_TASK][key], figures[ROUND_TRIP_TASK][key]
            if abs(before - after) > 1e-6:
                raise SystemExit(f"{gguf_path}: {ROUND_TRIP_TASK} {key} {after} after export vs {before} before")
        entry["evaluation"] = {name: figures[name] if name in missing else entry["evaluation"][name] for name in records}
        entries.append(entry)
        print(f"{entry['model']}: re-evaluated from GGUF", flush=True)
    order = {cfg.name: i for i, cfg in enumerate(LADDER)}
    entries.sort(key=lambda e: (order[e["size"]], e["seed"]))
    lines = corpus.training_lines(split)
    manifest = {
        "lab": "scalegap lab: tiny llama models trained from scratch on a synthetic corpus",
        "format": 1,
        "corpus": {"seed": corpus.CORPUS_SEED, "world_seed": WORLD_SEED, "lines": len(lines),
                   "hash": corpus.corpus_hash(lines), "mixture": dict(corpus.MIXTURE),
                   "line_format": "<|endoftext|>Question: {question}\\nAnswer: {answer}"},
        "training": {"tokens_per_model": entries[0]["budget"]["tokens"] if entries else None,
                     "batch": entries[0]["budget"]["batch"] if entries else train.BATCH, "context": LADDER[0].context, "threads_per_job": 1, "parallel_jobs": 2,
                     "seeds": sorted({e["seed"] for e in entries}),
                     "recipe": "LAB.md: AdamW lr 3e-3 betas 0.9/0.95 wd 0.1, 100 warm-up steps then cosine to 10%, clip 1.0, "
                               "rows of whole lines, the same data order for every size",
                     "ladder_wall_s": args.wall_s, "torch": torch.__version__, "machine": platform.machine()},
        "evaluation": {"prompt": "Question: {question}\\nAnswer:", "option": " {choice}",
                       "score": "summed log-probability of the option's byte tokens after BOS + prompt",
                       "loss": "-log softmax over the options of the gold", "confidence": "softmax probability of the chosen option"},
        "tasks": {name: {"file": f"items/{name}.jsonl", "n": len(recs), "role": TASK_ROLES[name][0],
                         "description": TASK_ROLES[name][1]} for name, recs in records.items()},
        "models": entries,
    }
    write_run_config(args.out, manifest)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {os.path.join(args.out, 'manifest.json')} ({len(entries)} models)")


if __name__ == "__main__":
    main()
