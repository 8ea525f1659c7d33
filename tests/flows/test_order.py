"""The fair order of presenters."""

from __future__ import annotations

import itertools

import pytest

from bot.flows.order import fair_order

PEOPLE = ("UA", "UB", "UC", "UD", "UE")


@pytest.mark.parametrize(
    "last, expected",
    [
        ({"UA": 5, "UB": 3, "UC": 1, "UD": 4, "UE": 2}, ("UC", "UE", "UB", "UD", "UA")),
        ({"UA": 5, "UB": 3, "UC": 1, "UD": 4}, ("UE", "UC", "UB", "UD", "UA")),
        ({"UA": 0, "UB": 1, "UC": 2, "UD": 3, "UE": 4}, ("UA", "UB", "UC", "UD", "UE")),
    ],
)
def test_least_recently_presented_first(last: dict, expected: tuple) -> None:
    for seed in range(5):
        assert fair_order(PEOPLE, last, seed) == expected


@pytest.mark.parametrize("seed", range(8))
def test_ties_are_reproducible_for_a_seed(seed: int) -> None:
    assert fair_order(PEOPLE, {}, seed) == fair_order(PEOPLE, {}, seed)


def test_different_seeds_give_different_openers() -> None:
    openers = {fair_order(PEOPLE, {}, seed)[0] for seed in range(40)}
    assert len(openers) >= 3


def test_ties_shuffle_only_within_their_group() -> None:
    last = {"UA": 2, "UB": 2, "UC": 1, "UD": 1, "UE": 3}
    for seed in range(20):
        order = fair_order(PEOPLE, last, seed)
        assert set(order[:2]) == {"UC", "UD"}
        assert set(order[2:4]) == {"UA", "UB"}
        assert order[4] == "UE"


@pytest.mark.parametrize("perm", list(itertools.permutations(PEOPLE[:4]))[::5])
def test_input_order_does_not_matter(perm: tuple) -> None:
    assert fair_order(perm, {"UA": 1}, 3) == fair_order(PEOPLE[:4], {"UA": 1}, 3)


def test_duplicates_and_empty_input() -> None:
    assert fair_order([], {}, 1) == ()
    assert sorted(fair_order(["UA", "UA", "UB"], {}, 1)) == ["UA", "UB"]
    assert fair_order(iter(["UB", "UA"]), {"UB": 1}, 0) == ("UA", "UB")


def test_unicode_ids() -> None:
    assert fair_order(["用户", "Ü"], {"Ü": 2}, 0) == ("用户", "Ü")
