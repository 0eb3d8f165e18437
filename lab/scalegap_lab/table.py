"""Markdown tables of a ladder's manifest (for docs/lab.md): the rungs, and the PyTorch figures per task.

    /usr/bin/python3 -m scalegap_lab.table lab/ladder/manifest.json
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict


def main() -> None:
    manifest = json.load(open(sys.argv[1]))
    by_size: dict[str, list[dict]] = defaultdict(list)
    for m in manifest["models"]:
        by_size[m["size"]].append(m)
    sizes = list(by_size)
    print("| model | d, layers, heads, ff | params | seeds | final train loss | train wall (s) | tokens/s (wall, two lanes, idle machine) | GGUF |")
    print("|---|---|---|---|---|---|---|---|")
    for size in sizes:
        ms = by_size[size]
        c = ms[0]["config"]
        losses = " / ".join("%.3f" % m["final_loss"] for m in ms)
        walls = " / ".join("%.0f" % m["train_wall_s"] for m in ms)
        speeds = " / ".join("{:,}".format(m["tokens_per_s"]) for m in ms)
        print(f"| {size} | {c['embd']}, {c['layers']}, {c['heads']}, {c['ff']} | {ms[0]['params']:,} | {len(ms)} | "
              f"{losses} | {walls} | {speeds} | {ms[0]['file_bytes'] / 1e3:,.0f} KB |")
    print()
    print("acc / loss / confidence, mean of the seeds (seed range of accuracy in brackets)")
    print()
    print("| task (n) | " + " | ".join(sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for task, info in manifest["tasks"].items():
        cells = []
        for size in sizes:
            figs = [m["evaluation"][task] for m in by_size[size]]
            mean = {k: sum(f[k] for f in figs) / len(figs) for k in ("accuracy", "loss", "confidence")}
            accs = [f["accuracy"] for f in figs]
            cells.append(f"{mean['accuracy']:.2f} [{min(accs):.2f}–{max(accs):.2f}] / {mean['loss']:.2f} / {mean['confidence']:.2f}")
        print(f"| {task} ({info['n']}, {info['role']}) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
