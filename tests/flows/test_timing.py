"""Slot budgets: shares of the meeting's length, whole minutes, with floors."""

from __future__ import annotations

import pytest

from bot.flows import timing


@pytest.mark.parametrize(
    "length, check_in, reflection",
    [(30, 3, 4), (60, 6, 9), (90, 9, 14), (120, 12, 18), (480, 48, 72), (5, 1, 1), (1, 1, 1)],
)
def test_check_in_and_reflection_shares(length: int, check_in: int, reflection: int) -> None:
    assert timing.check_in_minutes(length) == check_in
    assert timing.reflection_minutes(length) == reflection


@pytest.mark.parametrize(
    "length, reporters, minutes",
    [(120, 3, 10), (120, 4, 8), (90, 4, 6), (60, 1, 15), (60, 0, 15), (30, 8, 1), (480, 8, 15)],
)
def test_report_back_turns_share_a_quarter(length: int, reporters: int, minutes: int) -> None:
    assert timing.report_minutes(length, reporters) == minutes


@pytest.mark.parametrize(
    "length, reporters, presenters, minutes",
    [
        (120, 3, 2, 30),  # 120 - 12 - 18 - 30 = 60, split in two
        (90, 4, 3, 14),  # 90 - 9 - 14 - 24 = 43 -> 14.3
        (120, 0, 1, 90),  # nobody reported back: check-in and reflection only
        (120, 3, 0, 60),  # no presenters: the whole remainder (nobody uses it)
        (30, 8, 8, 3),  # too many people: the three-minute floor
        (30, 8, 1, 15),
    ],
)
def test_presenters_share_what_is_left(length, reporters, presenters, minutes) -> None:
    assert timing.presenter_minutes(length, reporters, presenters) == minutes


@pytest.mark.parametrize("length", [30, 45, 60, 90, 120, 180, 240, 480])
@pytest.mark.parametrize("people", range(1, 9))
def test_budgets_are_whole_floored_and_fit_the_meeting(length: int, people: int) -> None:
    check_in = timing.check_in_minutes(length)
    report = timing.report_minutes(length, people)
    present = timing.presenter_minutes(length, people, people)
    reflection = timing.reflection_minutes(length)
    assert all(isinstance(m, int) and m >= 1 for m in (check_in, report, reflection))
    assert present >= timing.MIN_PRESENTER_MINUTES
    total = check_in + report * people + present * people + reflection
    if present > timing.MIN_PRESENTER_MINUTES and report > 1:
        # Only rounding (at most half a minute per presenter) can push it past the length.
        assert total <= length + people / 2


@pytest.mark.parametrize("length", [60, 90, 120, 240])
def test_more_presenters_never_get_more_time_each(length: int) -> None:
    shares = [timing.presenter_minutes(length, 6, n) for n in range(1, 9)]
    assert shares == sorted(shares, reverse=True)


def test_warning_is_a_minute() -> None:
    assert timing.WARNING_SECONDS == 60
