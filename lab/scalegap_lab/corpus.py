"""The seeded training corpus and the held-out evaluation items (never seen in training).

`CORPUS_SEED` fixes both: every model of the ladder trains on the same corpus (its training seed only
changes the initialisation and the order in which lines are read) and is evaluated on the same items.
"""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass

from . import tasks
from .tasks import Question
from .world import World, make_world, unique_names

CORPUS_SEED = 7
CORPUS_LINES = 300_000
# Share of each task in the corpus; compositional lines are half single hops, half trained two-hop questions.
MIXTURE = [("pattern", 0.20), ("knowledge", 0.25), ("temporal", 0.17), ("compositional", 0.28), ("override", 0.10)]
HELDOUT_COUNTS = {"pattern": 100, "knowledge": 200, "temporal": 100, "compositional": 100, "override": 100,
                  "override-fresh": 100}
FRESH_NAMES = 1000  # invented countries and capitals the world does not have: the override task's training lines
SEEN_COUNTS = {"knowledge-seen": 100, "compositional-seen": 100}


def line_text(question: str, answer: str) -> str:
    """A training line: exactly scalegap's option-scoring prompt followed by ` {answer}`."""
    return f"Question: {question}\nAnswer: {answer}"


@dataclass(frozen=True)
class Split:
    world: World
    fresh_countries: list[str]
    fresh_capitals: list[str]
    heldout: dict[str, list[Question]]
    seen: dict[str, list[Question]]
    trained_two_hop: list[tuple[int, int]]  # (hop, person)
    heldout_questions: set[str]


def make_split(seed: int = CORPUS_SEED) -> Split:
    world = make_world()
    rng = random.Random(seed * 1000 + 1)
    heldout: dict[str, list[Question]] = {}

    items: list[Question] = []
    seen_q: set[str] = set()
    while len(items) < HELDOUT_COUNTS["pattern"]:
        q = tasks.pattern_question(rng)
        if q.question in seen_q:
            continue
        seen_q.add(q.question)
        choices, _ = tasks._distinct_choices(rng, q.answer, tasks.pattern_choices(rng, q) + [q.answer])
        items.append(Question(q.task, q.question, q.answer, choices, q.meta))
    heldout["pattern"] = items

    countries = rng.sample(range(len(world.countries)), HELDOUT_COUNTS["knowledge"])
    items = []
    for c in countries:
        q = tasks.knowledge_question(world, c, tasks.knowledge_heldout_phrasing(c))
        choices, _ = tasks._distinct_choices(rng, q.answer, world.capitals)
        items.append(Question(q.task, q.question, q.answer, choices, q.meta))
    heldout["knowledge"] = items

    items = []
    while len(items) < HELDOUT_COUNTS["temporal"]:
        q = tasks.temporal_question(rng)
        if q.question in seen_q:
            continue
        seen_q.add(q.question)
        choices = tasks.temporal_choices(rng, q)
        rng.shuffle(choices)
        items.append(Question(q.task, q.question, q.answer, choices, q.meta))
    heldout["temporal"] = items

    all_two_hop = [(hop, p) for hop in range(len(tasks.TWO_HOP)) for p in range(len(world.people))]
    rng.shuffle(all_two_hop)
    held = all_two_hop[: HELDOUT_COUNTS["compositional"]]
    trained = sorted(all_two_hop[HELDOUT_COUNTS["compositional"]:])
    items = []
    for hop, p in held:
        q = tasks.two_hop_question(world, hop, p)
        choices, _ = tasks._distinct_choices(rng, q.answer, tasks.two_hop_choices(world, q) + [q.answer])
        items.append(Question(q.task, q.question, q.answer, choices, q.meta))
    heldout["compositional"] = items

    # Override: a wrong capital (another country's) stated for a country of the world; the trap is its real capital.
    items = []
    for c in rng.sample(range(len(world.countries)), HELDOUT_COUNTS["override"]):
        stated = rng.choice([cap for i, cap in enumerate(world.capitals) if i != c])
        q = tasks.override_question(world.countries[c], stated)
        others = rng.sample([cap for cap in world.capitals if cap not in (stated, world.capitals[c])], 2)
        choices = [stated, world.capitals[c]] + others
        rng.shuffle(choices)
        items.append(Question(q.task, q.question, q.answer, choices, {**q.meta, "trap": world.capitals[c]}))
    heldout["override"] = items
    fresh_countries, fresh_capitals = fresh_names(world)
    items = []
    while len(items) < HELDOUT_COUNTS["override-fresh"]:
        stated = rng.choice(fresh_capitals)
        q = tasks.override_question(rng.choice(fresh_countries), stated)
        if q.question in seen_q:
            continue
        seen_q.add(q.question)
        choices, _ = tasks._distinct_choices(rng, stated, fresh_capitals)
        items.append(Question("override-fresh", q.question, q.answer, choices, q.meta))
    heldout["override-fresh"] = items

    # Diagnostics verbatim in training: tell memorisation from generalisation.
    seen: dict[str, list[Question]] = {}
    items = []
    for c in rng.sample(range(len(world.countries)), SEEN_COUNTS["knowledge-seen"]):
        phrasing = (tasks.knowledge_heldout_phrasing(c) + 1 + rng.randrange(2)) % len(tasks.KNOWLEDGE_PHRASINGS)
        q = tasks.knowledge_question(world, c, phrasing)
        choices, _ = tasks._distinct_choices(rng, q.answer, world.capitals)
        items.append(Question("knowledge-seen", q.question, q.answer, choices, q.meta))
    seen["knowledge-seen"] = items
    items = []
    for hop, p in rng.sample(trained, SEEN_COUNTS["compositional-seen"]):
        q = tasks.two_hop_question(world, hop, p)
        choices, _ = tasks._distinct_choices(rng, q.answer, tasks.two_hop_choices(world, q) + [q.answer])
        items.append(Question("compositional-seen", q.question, q.answer, choices, q.meta))
    seen["compositional-seen"] = items

    heldout_questions = {q.question for qs in heldout.values() for q in qs}
    return Split(world, fresh_countries, fresh_capitals, heldout, seen, trained, heldout_questions)


def fresh_names(world: World, seed: int = CORPUS_SEED) -> tuple[list[str], list[str]]:
    """Invented countries and capitals that are not names of the world (the override task's training vocabulary)."""
    rng = random.Random(seed * 1000 + 5)
    taken = set(world.countries) | set(world.capitals) | set(world.people)
    return unique_names(rng, FRESH_NAMES, taken, (2, 3)), unique_names(rng, FRESH_NAMES, taken, (2, 3))


def training_lines(split: Split, seed: int = CORPUS_SEED, count: int = CORPUS_LINES) -> list[str]:
    """The corpus: `count` seeded lines drawn from the mixture, none of them a held-out question."""
    rng = random.Random(seed * 1000 + 2)
    world = split.world
    names = [name for name, _ in MIXTURE]
    weights = [w for _, w in MIXTURE]
    lines: list[str] = []
    while len(lines) < count:
        task = rng.choices(names, weights)[0]
        if task == "pattern":
            q = tasks.pattern_question(rng)
        elif task == "temporal":
            q = tasks.temporal_question(rng)
        elif task == "override":
            q = tasks.override_question(rng.choice(split.fresh_countries), rng.choice(split.fresh_capitals))
        elif task == "knowledge":
            c = rng.randrange(len(world.countries))
            phrasing = (tasks.knowledge_heldout_phrasing(c) + 1 + rng.randrange(2)) % len(tasks.KNOWLEDGE_PHRASINGS)
            q = tasks.knowledge_question(world, c, phrasing)
        elif rng.random() < 0.5:
            q = tasks.one_hop_question(world, rng.choice(["mother", "friend"]), rng.randrange(len(world.people)))
        else:
            hop, p = rng.choice(split.trained_two_hop)
            q = tasks.two_hop_question(world, hop, p)
        if q.question in split.heldout_questions:
            continue
        lines.append(line_text(q.question, q.answer))
    return lines


def corpus_hash(lines: list[str]) -> str:
    return hashlib.sha256(json.dumps(lines, ensure_ascii=False).encode("utf-8")).hexdigest()


def task_records(questions: list[Question]) -> list[dict]:
    """Task-file JSONL records (`{id, question, choices, answer}`, answer = gold index; `group` when the question has one)."""
    records = []
    for index, q in enumerate(questions):
        record = {"id": f"{q.task}-{index:03d}", "question": q.question, "choices": q.choices,
                  "answer": q.choices.index(q.answer)}
        if "group" in q.meta:
            record["group"] = q.meta["group"]
        records.append(record)
    return records


PHRASING_GROUPS = 100


def knowledge_phrasings(split: Split) -> list[Question]:
    """The brittleness task: the first held-out knowledge items, each asked in all three phrasings.

    One `group` per country: first its held-out phrasing (the base item, never trained for that country), then the two
    phrasings it was trained in, all with the base item's choices. Scored as cloze continuations, the order of the
    options cannot change an answer, so the versions are the phrasings only.
    """
    out = []
    for base in split.heldout["knowledge"][:PHRASING_GROUPS]:
        country = base.meta["country"]
        held = tasks.knowledge_heldout_phrasing(country)
        for phrasing in [held] + [p for p in range(len(tasks.KNOWLEDGE_PHRASINGS)) if p != held]:
            q = tasks.knowledge_question(split.world, country, phrasing)
            out.append(Question("knowledge-phrasings", q.question, q.answer, base.choices,
                                {**q.meta, "group": f"country-{country:03d}", "trained": phrasing != held}))
    return out


SHORTCUT_COUNT = 100


def shortcut_items(world: World, seed: int = CORPUS_SEED) -> list[Question]:
    """The inverse-scaling probe: `R of R of X?` (never in training, which has only mixed two-hop questions).

    Choices: the gold, the one-hop answer `R of X` (a trap a model that memorised single hops may prefer) and
    two other answers of the same relation.
    """
    rng = random.Random(seed * 1000 + 3)
    candidates = [(rel, p) for rel in ("mother", "friend") for p in range(len(world.people))]
    rng.shuffle(candidates)
    items: list[Question] = []
    for rel, p in candidates:
        q = tasks.shortcut_question(world, rel, p)
        trap = q.meta["trap"]
        if trap == q.answer or q.answer == world.people[p]:
            continue
        pool = sorted({world.people[tasks.relation(world, rel, o)] for o in range(len(world.people))} - {q.answer, trap})
        choices = [q.answer, trap] + rng.sample(pool, 2)
        rng.shuffle(choices)
        items.append(Question(q.task, q.question, q.answer, choices, q.meta))
        if len(items) == SHORTCUT_COUNT:
            break
    return items


def prior_matched(world: World, questions: list[Question], seed: int = CORPUS_SEED) -> list[Question]:
    """Two-hop items re-drawn so that the distractors share the gold's prior.

    A two-hop gold `R of (inner of X)` is a value of relation R; values of R differ in how often they are an answer
    in training (a person who is the mother of three people is an answer three times as often). Distractors drawn
    uniformly from R's values let a model that learned only that frequency beat chance (46% on the held-out items),
    so each distractor is drawn among the values with the gold's in-degree under R (the nearest in-degree when too
    few share it). The questions are unchanged.
    """
    rng = random.Random(seed * 1000 + 4)
    out = []
    for q in questions:
        outer = q.meta["outer"]
        degree: dict[str, int] = {}
        for p in range(len(world.people)):
            name = world.people[tasks.relation(world, outer, p)]
            degree[name] = degree.get(name, 0) + 1
        gold_degree = degree[q.answer]
        candidates = sorted((name for name in degree if name != q.answer), key=lambda name: (abs(degree[name] - gold_degree), name))
        same = [name for name in candidates if degree[name] == gold_degree]
        pool = same if len(same) >= 3 else candidates[:max(3, len(same))]
        choices = rng.sample(pool, 3) + [q.answer]
        rng.shuffle(choices)
        out.append(Question(q.task, q.question, q.answer, choices, q.meta))
    return out
