"""Optimal string alignment distance, and when a typo is close enough to suggest."""

from __future__ import annotations

import itertools

import pytest

from bot.flows.spelling import allowed_edits, closest, distance


@pytest.mark.parametrize(
    "a, b, edits",
    [
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("start", "start", 0),
        ("strat", "start", 1),  # two neighbours swapped
        ("nxt", "next", 1),  # one missing
        ("passs", "pass", 1),  # one extra
        ("halp", "help", 1),  # one wrong
        ("ca", "abc", 3),  # optimal string alignment: no edit of a swapped pair again
        ("frobnicate", "reactivate", 6),
        ("שלום", "שלוס", 1),
    ],
)
def test_distance(a: str, b: str, edits: int) -> None:
    assert distance(a, b) == edits


WORDS = ["", "a", "ab", "ba", "abc", "acb", "start", "strat", "status"]


@pytest.mark.parametrize(("a", "b"), list(itertools.product(WORDS, repeat=2)))
def test_distance_is_a_symmetric_measure_bounded_by_the_longer_word(a: str, b: str) -> None:
    assert distance(a, b) == distance(b, a)
    assert (distance(a, b) == 0) == (a == b)
    assert abs(len(a) - len(b)) <= distance(a, b) <= max(len(a), len(b))


@pytest.mark.parametrize(
    "word, found",
    [
        ("strat", "start"),
        ("STRAT", "start"),
        ("stat", "start"),  # one from start, two from status
        ("statsu", "status"),
        ("frobnicate", None),  # far from everything: no least bad guess
        ("xyz", None),
        ("stats", "status"),
        ("s" * 41, None),
        ("", None),
    ],
)
def test_closest_only_when_genuinely_close_and_unambiguous(word: str, found: str | None) -> None:
    assert closest(word, ["start", "status", "reactivate", "help"]) == found


def test_two_equally_close_words_mean_no_guess() -> None:
    assert closest("bat", ["cat", "hat", "help"]) is None


def test_nothing_known_means_nothing_close() -> None:
    assert closest("start", []) is None


@pytest.mark.parametrize(("word", "edits"), [("", 1), ("next", 1), ("start", 2)])
def test_short_words_allow_one_typo_longer_ones_two(word: str, edits: int) -> None:
    assert allowed_edits(word) == edits
