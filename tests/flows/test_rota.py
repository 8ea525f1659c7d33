"""Rotating facilitation: the rota's head facilitates next; every edit returns a new rota."""

from __future__ import annotations

import random

import pytest

from bot.flows.rota import (
    RotaError,
    after_meeting,
    describe,
    hand_over,
    next_up,
    skip,
    swap,
    sync,
)

ROTA = ("UA", "UB", "UC", "UD")


@pytest.mark.parametrize(
    "rota, members, expected",
    [
        ((), (), ()),
        ((), ("UA", "UB"), ("UA", "UB")),  # a new rota follows the member list
        (ROTA, ROTA, ROTA),
        (ROTA, ("UD", "UC", "UB", "UA"), ROTA),  # the rota's order wins over the members'
        (ROTA, ("UA", "UC"), ("UA", "UC")),  # leavers out
        (ROTA, ("UB", "UD", "UC"), ("UB", "UC", "UD")),  # the head left: the next steps up
        (ROTA, (), ()),  # everyone left
        (ROTA, ("UE", *ROTA), (*ROTA, "UE")),  # newcomers at the back
        (ROTA, ("UF", "UA", "UE"), ("UA", "UF", "UE")),  # newcomers in member order
        (("UA", "UB"), ("UC", "UB", "UD"), ("UB", "UC", "UD")),  # leaver and newcomers
        (("UA", "UB", "UA", "UC", "UB"), ROTA, ROTA),  # duplicates in the rota
        (ROTA, ("UA", "UE", "UA", "UE", "UB"), ("UA", "UB", "UE")),  # duplicate members
        (("UA", "UA"), ("UB", "UB"), ("UB",)),
    ],
)
def test_sync(rota: tuple, members: tuple, expected: tuple) -> None:
    assert sync(rota, members) == expected
    assert sync(iter(rota), iter(members)) == expected  # any iterables
    assert sync(expected, members) == expected  # idempotent


@pytest.mark.parametrize(
    "rota, expected", [((), None), (("UA",), "UA"), (ROTA, "UA"), (("UC", "UA"), "UC")]
)
def test_next_up(rota: tuple, expected: str | None) -> None:
    assert next_up(rota) == expected


@pytest.mark.parametrize(
    "rota, facilitator, expected",
    [
        (ROTA, "UA", ("UB", "UC", "UD", "UA")),  # the usual case: the head held it
        (ROTA, "UC", ("UA", "UB", "UD", "UC")),  # someone else stood in
        (ROTA, "UD", ROTA),  # the last held it: already at the back
        (("UA",), "UA", ("UA",)),
        (ROTA, "UZ", ROTA),  # not in the rota (a guest, a leaver): no change
        (ROTA, "", ROTA),
        ((), "UA", ()),
    ],
)
def test_after_meeting(rota: tuple, facilitator: str, expected: tuple) -> None:
    assert after_meeting(rota, facilitator) == expected


def test_a_year_of_meetings_gives_everyone_equal_turns() -> None:
    rota, held = ROTA, []
    for _ in range(12):
        facilitator = next_up(rota)
        assert facilitator is not None
        held.append(facilitator)
        rota = after_meeting(rota, facilitator)
    assert held == list(ROTA) * 3
    assert rota == ROTA


@pytest.mark.parametrize(
    "rota, expected",
    [
        (("UA", "UB"), ("UB", "UA")),
        (("UA", "UB", "UC"), ("UB", "UC", "UA")),
        (ROTA, ("UB", "UC", "UD", "UA")),
    ],
)
def test_skip(rota: tuple, expected: tuple) -> None:
    assert skip(rota) == expected
    assert next_up(skip(rota)) == rota[1]


@pytest.mark.parametrize("rota", [(), ("UA",)])
def test_skip_needs_somebody_else(rota: tuple) -> None:
    with pytest.raises(RotaError, match="nobody else"):
        skip(rota)


def test_skipping_everyone_comes_back_round() -> None:
    rota = ROTA
    for _ in ROTA:
        rota = skip(rota)
    assert rota == ROTA


@pytest.mark.parametrize(
    "rota, first, second, expected",
    [
        (ROTA, "UA", "UB", ("UB", "UA", "UC", "UD")),
        (ROTA, "UB", "UA", ("UB", "UA", "UC", "UD")),  # order of the two doesn't matter
        (ROTA, "UA", "UD", ("UD", "UB", "UC", "UA")),
        (ROTA, "UB", "UD", ("UA", "UD", "UC", "UB")),
        (("UA", "UB"), "UA", "UB", ("UB", "UA")),
    ],
)
def test_swap(rota: tuple, first: str, second: str, expected: tuple) -> None:
    assert swap(rota, first, second) == expected
    assert swap(swap(rota, first, second), first, second) == rota  # its own inverse


@pytest.mark.parametrize(
    "rota, first, second, message",
    [
        (ROTA, "UZ", "UA", "<@UZ> is not in the rota"),
        (ROTA, "UA", "UZ", "<@UZ> is not in the rota"),
        (ROTA, "UY", "UZ", "<@UY> is not in the rota"),  # the first stranger is named
        (ROTA, "UZ", "UZ", "<@UZ> is not in the rota"),
        ((), "UA", "UB", "<@UA> is not in the rota"),
        (ROTA, "UA", "UA", "two different members"),
        (("UA",), "UA", "UA", "two different members"),
    ],
)
def test_swap_errors(rota: tuple, first: str, second: str, message: str) -> None:
    with pytest.raises(RotaError, match=message):
        swap(rota, first, second)


@pytest.mark.parametrize(
    "rota, to, expected",
    [
        (ROTA, "UA", ROTA),  # already next
        (ROTA, "UB", ("UB", "UA", "UC", "UD")),
        (ROTA, "UD", ("UD", "UA", "UB", "UC")),  # everyone else keeps their order
        (("UA",), "UA", ("UA",)),
    ],
)
def test_hand_over(rota: tuple, to: str, expected: tuple) -> None:
    assert hand_over(rota, to) == expected
    assert next_up(hand_over(rota, to)) == to


@pytest.mark.parametrize("rota, to", [(ROTA, "UZ"), ((), "UA"), (ROTA, ""), (ROTA, "ua")])
def test_hand_over_to_a_non_member(rota: tuple, to: str) -> None:
    with pytest.raises(RotaError, match=rf"<@{to}> is not a member of this set"):
        hand_over(rota, to)


def test_rota_error_is_a_value_error() -> None:
    assert issubclass(RotaError, ValueError)


@pytest.mark.parametrize(
    "rota, expected",
    [
        (("UA",), "<@UA>"),
        (("UA", "UB"), "<@UA> → <@UB>"),
        (ROTA, "<@UA> → <@UB> → <@UC> → <@UD>"),
    ],
)
def test_describe(rota: tuple, expected: str) -> None:
    assert describe(rota) == expected


def test_describe_an_empty_rota_says_how_to_fill_it() -> None:
    assert describe(()) == "The rota is empty: add members with `/set add @user`."


def test_edits_never_change_their_input() -> None:
    rota = ("UA", "UB", "UC")
    skip(rota)
    swap(rota, "UA", "UC")
    hand_over(rota, "UC")
    after_meeting(rota, "UA")
    sync(rota, ("UC",))
    assert rota == ("UA", "UB", "UC")


def _random_rota(rng: random.Random) -> tuple[str, ...]:
    people = [f"U{n:03d}" for n in range(rng.randint(0, 9))]
    rng.shuffle(people)
    return tuple(people)


@pytest.mark.parametrize("seed", range(200))
def test_edits_keep_the_same_members(seed: int) -> None:
    rng = random.Random(seed)
    rota = _random_rota(rng)
    members = set(rota)
    for _ in range(30):
        edit = rng.choice(("skip", "swap", "hand_over", "after_meeting"))
        someone = rng.choice([*rota, "UOUTSIDER"])
        try:
            if edit == "skip":
                edited = skip(rota)
            elif edit == "swap":
                edited = swap(rota, someone, rng.choice([*rota, "UOUTSIDER"]))
            elif edit == "hand_over":
                edited = hand_over(rota, someone)
            else:
                edited = after_meeting(rota, someone)
        except RotaError:
            continue  # a refused edit changes nothing
        assert isinstance(edited, tuple)
        assert len(edited) == len(rota)
        assert set(edited) == members
        if edit == "hand_over":
            assert next_up(edited) == someone
        if edit == "after_meeting" and someone in members:
            assert edited[-1] == someone
        rota = edited
    assert sync(rota, members) == rota  # still a clean rota: no duplicates, nobody lost


@pytest.mark.parametrize("seed", range(100))
def test_sync_keeps_exactly_the_members(seed: int) -> None:
    rng = random.Random(seed)
    rota = _random_rota(rng)
    members = [u for u in rota if rng.random() < 0.7]
    members += [f"UNEW{n}" for n in range(rng.randint(0, 3))]
    members += rng.sample(members, k=min(2, len(members)))  # and some duplicates
    rng.shuffle(members)
    synced = sync(rota, members)
    assert len(synced) == len(set(synced)) == len(set(members))
    assert set(synced) == set(members)
    stayed = [u for u in rota if u in set(members)]
    assert list(synced[: len(stayed)]) == stayed  # those who stayed keep their order
