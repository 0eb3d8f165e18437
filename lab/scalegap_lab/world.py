"""The invented world the corpus talks about: countries with capitals, people with mothers and friends.

Everything is drawn from one seeded generator (`WORLD_SEED`), so every model of the ladder, whatever its
training seed, learns the same world and is evaluated on the same held-out items.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

WORLD_SEED = 20261126
COUNTRY_COUNT = 300
PEOPLE_COUNT = 150

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_ENDINGS = ["", "", "n", "r", "s", "l"]


def _name(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(_ENDINGS)).capitalize()


def unique_names(rng: random.Random, count: int, taken: set[str], syllables: tuple[int, int]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = _name(rng, rng.randint(*syllables))
        if name in taken:
            continue
        taken.add(name)
        names.append(name)
    return names


@dataclass(frozen=True)
class World:
    countries: list[str]
    capitals: list[str]
    people: list[str]
    # mother[i] and friend[i] are indices into `people` (never i itself).
    mother: list[int]
    friend: list[int]


def make_world(seed: int = WORLD_SEED) -> World:
    rng = random.Random(seed)
    taken: set[str] = set()
    countries = unique_names(rng, COUNTRY_COUNT, taken, (2, 3))
    capitals = unique_names(rng, COUNTRY_COUNT, taken, (2, 3))
    people = unique_names(rng, PEOPLE_COUNT, taken, (2, 2))

    def other(i: int) -> int:
        while True:
            j = rng.randrange(PEOPLE_COUNT)
            if j != i:
                return j

    mother = [other(i) for i in range(PEOPLE_COUNT)]
    friend = [other(i) for i in range(PEOPLE_COUNT)]
    return World(countries, capitals, people, mother, friend)
