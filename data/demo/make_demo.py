"""Builds the embedded demo data from the published Pythia evaluation figures.

Input: ../shared/data/pythia/pythia_tidy.csv (EleutherAI/pythia, folder evals/, commit
a19eecb807ec2c79a39ebf18108816e6ffffc1d5, Apache-2.0). Output: pythia.csv, the standard Pythia
suite at 0 shots in long form, plus one `chance` row per task and model (the accuracy of random
guessing, a fact of each task's answer format). Run: python3 data/demo/make_demo.py SHARED_DIR
"""
import csv
import sys
from pathlib import Path

CHANCE = {
    "arc_challenge": 0.25, "arc_easy": 0.25, "sciq": 0.25, "logiqa": 0.25, "mmlu_avg57_derived": 0.25,
    "piqa": 0.5, "winogrande": 0.5, "wsc": 0.5, "lambada_openai": 0.0,
}

source = Path(sys.argv[1]) / "data" / "pythia" / "pythia_tidy.csv"
rows = [r for r in csv.DictReader(open(source, newline="")) if r["model_family"] == "Pythia" and r["shots"] == "0"]
out = []
seen = set()
for r in rows:
    out.append(r)
    key = (r["task"], r["model"])
    if key not in seen:
        seen.add(key)
        out.append({**r, "metric": "chance", "value": str(CHANCE[r["task"]])})
with open(Path(__file__).with_name("pythia.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(out)
print(len(out), "rows")
