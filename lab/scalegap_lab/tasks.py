"""Question generators for the lab tasks, shared by the training corpus and the held-out evaluation.

Every question is a short line; a training line is `Question: {question}\nAnswer: {answer}`, exactly the
prompt scalegap's option scoring builds (`Question: ...\nAnswer:` + ` {choice}`), so the models are
evaluated in the format they were trained on.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .world import World

KNOWLEDGE_PHRASINGS = ["capital of {c}?", "{c}'s capital city?", "in {c}, the capital is?"]
# Events of three letters, so that every line (three events, two statements) fits the context of 64 bytes.
TEMPORAL_EVENTS = ["tea", "nap", "run", "jog", "gym", "spa", "zoo", "bus", "art", "sew", "fly", "dig"]
TEMPORAL_COUNT = 3
TWO_HOP = [("mother", "friend"), ("friend", "mother")]  # (outer, inner): "outer of inner of X?"


@dataclass(frozen=True)
class Question:
    task: str
    question: str
    answer: str
    # Four choices (gold included) for evaluation items; empty for training-only lines.
    choices: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def knowledge_heldout_phrasing(country: int) -> int:
    """Index of the phrasing never trained for this country (each phrasing is trained for other countries)."""
    return country % len(KNOWLEDGE_PHRASINGS)


def _distinct_choices(rng: random.Random, gold: str, pool: list[str], count: int = 4) -> tuple[list[str], int]:
    others = [p for p in dict.fromkeys(pool) if p != gold]
    picks = rng.sample(others, count - 1) + [gold]
    rng.shuffle(picks)
    return picks, picks.index(gold)


# ---- pattern: arithmetic up/down and period-2/3 sequences ---------------------------------------------------

def pattern_question(rng: random.Random) -> Question:
    kind = rng.choice(["up", "down", "period2", "period3"])
    length = rng.choice([4, 5])
    if kind == "up":
        step = rng.randint(1, 9)
        start = rng.randint(0, 40)
        seq = [start + step * k for k in range(length + 1)]
    elif kind == "down":
        step = rng.randint(1, 9)
        start = rng.randint(step * length, step * length + 40)
        seq = [start - step * k for k in range(length + 1)]
    else:
        period = 2 if kind == "period2" else 3
        cycle = rng.sample(range(0, 30), period)
        seq = [cycle[k % period] for k in range(length + 1)]
    shown, gold = seq[:-1], seq[-1]
    question = "next: " + " ".join(str(v) for v in shown)
    return Question("pattern", question, str(gold), meta={"kind": kind})


def pattern_choices(rng: random.Random, q: Question) -> list[str]:
    gold = int(q.answer)
    shown = [int(v) for v in q.question.split(":")[1].split()]
    pool = {str(v) for v in shown} | {str(max(0, gold + d)) for d in (-10, -3, -2, -1, 1, 2, 3, 10)}
    pool.discard(q.answer)
    return sorted(pool)


# ---- knowledge: invented countries and capitals in three phrasings -----------------------------------------

def knowledge_question(world: World, country: int, phrasing: int) -> Question:
    text = KNOWLEDGE_PHRASINGS[phrasing].format(c=world.countries[country])
    return Question("knowledge", text, world.capitals[country], meta={"country": country, "phrasing": phrasing})


# ---- temporal: order of 3 events told as before/after statements ------------------------------------------

def temporal_question(rng: random.Random) -> Question:
    events = rng.sample(TEMPORAL_EVENTS, TEMPORAL_COUNT)  # true order
    statements = []
    for a, b in zip(events, events[1:]):
        statements.append(f"{a} before {b}." if rng.random() < 0.5 else f"{b} after {a}.")
    rng.shuffle(statements)
    ask = rng.choice(["first", "last"])
    gold = events[0] if ask == "first" else events[-1]
    return Question("temporal", " ".join(statements) + f" {ask}?", gold, meta={"events": events, "ask": ask})


def temporal_choices(rng: random.Random, q: Question) -> list[str]:
    events = list(q.meta["events"])
    extra = [e for e in TEMPORAL_EVENTS if e not in events]
    return events + (rng.sample(extra, 4 - len(events)) if len(events) < 4 else [])


# ---- compositional: single hops (trained for everyone) and two-hop questions (some held out) ----------------

def relation(world: World, name: str, person: int) -> int:
    return world.mother[person] if name == "mother" else world.friend[person]


def one_hop_question(world: World, rel: str, person: int) -> Question:
    return Question("one-hop", f"{rel} of {world.people[person]}?", world.people[relation(world, rel, person)],
                    meta={"relation": rel, "person": person})


def two_hop_question(world: World, hop: int, person: int) -> Question:
    outer, inner = TWO_HOP[hop]
    target = relation(world, outer, relation(world, inner, person))
    return Question("compositional", f"{outer} of {inner} of {world.people[person]}?", world.people[target],
                    meta={"outer": outer, "inner": inner, "person": person})


def two_hop_choices(world: World, q: Question) -> list[str]:
    """Distractors are answers of the same outer relation, so they share the gold's prior."""
    outer = q.meta["outer"]
    return sorted({world.people[relation(world, outer, p)] for p in range(len(world.people))} - {q.answer})


# ---- shortcut (inverse-scaling probe, evaluation only): a repeated hop never trained --------------------------

def shortcut_question(world: World, rel: str, person: int) -> Question:
    """`mother of mother of X?`: the gold is two hops away; the memorised one-hop answer is among the choices."""
    one = relation(world, rel, person)
    gold = relation(world, rel, one)
    return Question("shortcut", f"{rel} of {rel} of {world.people[person]}?", world.people[gold],
                    meta={"relation": rel, "person": person, "trap": world.people[one]})


# ---- override (inverse-scaling task): a capital stated in the question overrides the remembered one -----------

def override_question(country: str, stated: str) -> Question:
    """`Kaluvo: Pamer. capital of Kaluvo?` -> `Pamer`: the answer is the capital stated in the line.

    Training lines use invented countries the world does not have, so the only rule they teach is to copy the stated
    capital. Evaluated on the world's own countries with a wrong capital stated, the remembered capital is a trap
    that a model which has memorised the world more strongly may fall into.
    """
    return Question("override", f"{country}: {stated}. capital of {country}?", stated, meta={"country": country})
