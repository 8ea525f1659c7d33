"""The fair order of presenters: whoever presented least recently goes first."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping


def fair_order(
    candidates: Iterable[str], last_presented: Mapping[str, int], seed: int
) -> tuple[str, ...]:
    """Order candidates by the meeting number they last presented at (0: never).

    Ties are shuffled with `seed`, so the same person does not always open, yet the
    result is reproducible for one meeting (the seed is stored with it).
    """
    people = sorted(set(candidates))
    random.Random(seed).shuffle(people)
    return tuple(sorted(people, key=lambda user: last_presented.get(user, 0)))
