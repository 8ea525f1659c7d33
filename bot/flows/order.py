"""The fair order of presenters: whoever presented least recently goes first."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping


def fair_order(
    candidates: Iterable[str], last_presented: Mapping[str, int], seed: int
) -> tuple[str, ...]:
    """Order candidates by the meeting number they last presented at (0: never).

    Ties are broken by a draw per person from `seed`, so the same person does not always
    open, yet the result is reproducible for one meeting (the seed is its own), and any
    subset keeps the same relative order: the brief's suggestion for everyone present is
    the meeting's order of those who bring an issue.
    """

    def draw(user: str) -> float:
        return random.Random(f"{seed}:{user}").random()

    people = sorted(set(candidates))
    return tuple(sorted(people, key=lambda user: (last_presented.get(user, 0), draw(user))))


def meeting_seed(meeting_id: int) -> int:
    """The tie-break seed of one meeting: known before it starts (for the brief)."""
    return random.Random(f"meeting:{meeting_id}").randrange(2**31)
