"""Recurring themes across a programme's sets: the words and two-word phrases that the
shared learnings of two or more sets use, ranked by how many sets use them. Stop words
(of the languages given) never count, nor do short words or numbers. Pure: no I/O."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_SETS = 2
MIN_LETTERS = 3
MAX_THEMES = 8
MAX_EXAMPLES = 3
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Shared:
    """One shareable text of a set (a learning, or a title its author shared)."""

    set_id: int
    text: str


@dataclass(frozen=True)
class Theme:
    term: str
    sets: int
    examples: tuple[str, ...]


def _words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _WORD.findall(text)]


def _terms(text: str, stop: frozenset[str]) -> set[str]:
    """The words and adjacent two-word phrases of a text, stop words left out (a phrase
    never spans one)."""
    words = _words(text)
    kept = [w if len(w) >= MIN_LETTERS and w not in stop else None for w in words]
    terms = {w for w in kept if w}
    terms |= {f"{a} {b}" for a, b in itertools.pairwise(kept) if a and b}
    return terms


def themes(items: Iterable[Shared], stop: Iterable[str], limit: int = MAX_THEMES) -> list[Theme]:
    """Themes used by at least two sets: most sets first; a phrase before the word it
    contains when as many sets use it (and the word is then left out); then by name."""
    stops = frozenset(w.casefold() for w in stop)
    where: dict[str, set[int]] = defaultdict(set)
    examples: dict[str, list[str]] = defaultdict(list)
    for item in items:
        for term in _terms(item.text, stops):
            where[term].add(item.set_id)
            if len(examples[term]) < MAX_EXAMPLES and item.text not in examples[term]:
                examples[term].append(item.text)
    recurring = {t: len(s) for t, s in where.items() if len(s) >= MIN_SETS}
    ranked = sorted(recurring, key=lambda t: (-recurring[t], -t.count(" "), t))
    chosen: list[str] = []
    for term in ranked:
        covered = any(
            " " in other and term in other.split() and recurring[other] == recurring[term]
            for other in chosen
        )
        if not covered:
            chosen.append(term)
        if len(chosen) == limit:
            break
    return [Theme(t, recurring[t], tuple(examples[t])) for t in chosen]


def languages(locales: Sequence[str | None]) -> list[str]:
    """Language codes from Slack locales ("en-US" → "en"), English when none is known."""
    found = sorted({loc.split("-")[0].lower() for loc in locales if loc})
    return found or ["en"]
