"""Is a mistyped word genuinely close to a known one? Optimal string alignment distance
(Levenshtein with swaps of neighbours): `strat` is one swap from `start`; `frobnicate` is
far from everything, and gets no suggestion rather than the least bad one."""

from __future__ import annotations

from collections.abc import Iterable


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def allowed_edits(word: str) -> int:
    """One typo in a short word, two in a longer one."""
    return 1 if len(word) <= 4 else 2


def closest(word: str, known: Iterable[str]) -> str | None:
    """The one known word within `allowed_edits` of `word` (case aside); None when none
    is, or when two are equally close (a guess between them would mislead)."""
    typed = word.lower()
    if len(typed) > 40:  # nobody mistypes a command that long
        return None
    scored = sorted((distance(typed, k), k) for k in known)
    if not scored or scored[0][0] > allowed_edits(typed):
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]
