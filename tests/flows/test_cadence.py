"""Meeting dates and times from a set's cadence, in its own time zone."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.flows.cadence import (
    Cadence,
    first_on_or_after,
    local_to_utc,
    meeting_dates,
    meeting_times,
)

TEN = time(10, 0)
LONDON = "Europe/London"


def _dates(first: date, cadence: Cadence, n: int) -> list[date]:
    return list(itertools.islice(meeting_dates(first, cadence), n))


@pytest.mark.parametrize(
    "start, weekday, expected",
    [
        (date(2025, 3, 3), 0, date(2025, 3, 3)),  # already a Monday
        (date(2025, 3, 3), 1, date(2025, 3, 4)),
        (date(2025, 3, 4), 0, date(2025, 3, 10)),  # Monday just passed: next week
        (date(2025, 3, 3), 6, date(2025, 3, 9)),
        (date(2025, 12, 31), 4, date(2026, 1, 2)),  # across the year
        (date(2024, 2, 28), 3, date(2024, 2, 29)),  # leap day
    ],
)
def test_first_on_or_after(start: date, weekday: int, expected: date) -> None:
    assert first_on_or_after(start, weekday) == expected
    assert expected.weekday() == weekday and 0 <= (expected - start).days < 7


@pytest.mark.parametrize(
    "cadence, expected",
    [
        (Cadence.WEEKLY, [date(2025, 1, 7), date(2025, 1, 14), date(2025, 1, 21)]),
        (Cadence.BIWEEKLY, [date(2025, 1, 7), date(2025, 1, 21), date(2025, 2, 4)]),
        (Cadence.MONTHLY, [date(2025, 1, 7), date(2025, 2, 4), date(2025, 3, 4)]),
    ],
)
def test_each_cadence(cadence: Cadence, expected: list[date]) -> None:
    assert _dates(date(2025, 1, 7), cadence, 3) == expected


@pytest.mark.parametrize(
    "first, expected",
    [
        # 2nd Wednesday, across a year end
        (date(2025, 11, 12), [date(2025, 11, 12), date(2025, 12, 10), date(2026, 1, 14)]),
        # 4th Friday
        (date(2025, 1, 24), [date(2025, 1, 24), date(2025, 2, 28), date(2025, 3, 28)]),
        # 5th Tuesday: the last Tuesday in months without a fifth, the fifth again when there is
        (
            date(2024, 1, 30),
            [date(2024, 1, 30), date(2024, 2, 27), date(2024, 3, 26), date(2024, 4, 30)],
        ),
        # 5th Thursday of a leap February
        (date(2024, 2, 29), [date(2024, 2, 29), date(2024, 3, 28), date(2024, 4, 25)]),
    ],
)
def test_monthly_keeps_the_nth_weekday(first: date, expected: list[date]) -> None:
    got = _dates(first, Cadence.MONTHLY, len(expected))
    assert got == expected
    assert {d.weekday() for d in got} == {first.weekday()}


def test_monthly_runs_for_years_without_skipping_a_month() -> None:
    got = _dates(date(2025, 1, 31), Cadence.MONTHLY, 36)
    months = [(d.year, d.month) for d in got]
    assert months == sorted(set(months)) and len(months) == 36
    assert all(d.weekday() == 4 and d.day >= 22 for d in got)


@pytest.mark.parametrize(
    "zone, before, after, first",
    [
        ("Europe/London", 10, 9, date(2025, 3, 18)),  # BST from 30 March
        ("America/New_York", 15, 14, date(2025, 2, 25)),  # EDT from 9 March
    ],
)
def test_weekly_across_spring_dst(zone: str, before: int, after: int, first: date) -> None:
    times = meeting_times(first, 1, TEN, zone, Cadence.WEEKLY, 4)
    assert [t.hour for t in times] == [before, before, after, after]
    assert all(t.tzinfo == UTC for t in times)
    assert {t.astimezone(ZoneInfo(zone)).time() for t in times} == {TEN}


@pytest.mark.parametrize(
    "zone, hours",
    [
        ("Europe/London", [9, 10]),  # GMT from 26 October 2025
        ("America/New_York", [14, 15]),  # EST from 2 November 2025
    ],
)
@pytest.mark.parametrize("cadence", [Cadence.BIWEEKLY, Cadence.MONTHLY])
def test_autumn_dst_for_longer_cadences(zone: str, hours: list, cadence: Cadence) -> None:
    times = meeting_times(date(2025, 10, 14), 1, TEN, zone, cadence, 3)
    assert sorted({t.hour for t in times}) == hours
    assert times[0].hour == hours[0] and times[-1].hour == hours[1]


@pytest.mark.parametrize(
    "day, at, zone, expected",
    [
        (date(2025, 7, 1), TEN, "Europe/London", datetime(2025, 7, 1, 9, tzinfo=UTC)),
        (date(2025, 1, 1), TEN, "Asia/Kolkata", datetime(2025, 1, 1, 4, 30, tzinfo=UTC)),
        (date(2025, 1, 1), TEN, "UTC", datetime(2025, 1, 1, 10, tzinfo=UTC)),
        # 01:30 does not exist in London on 30 March 2025; fold=0 reads it as GMT.
        (date(2025, 3, 30), time(1, 30), LONDON, datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),
        # 01:30 happens twice on 26 October 2025; fold=0 is the first (BST).
        (
            date(2025, 10, 26),
            time(1, 30),
            "Europe/London",
            datetime(2025, 10, 26, 0, 30, tzinfo=UTC),
        ),
    ],
)
def test_local_to_utc(day: date, at: time, zone: str, expected: datetime) -> None:
    assert local_to_utc(day, at, zone) == expected


@pytest.mark.parametrize("count", [0, 1, 3, 52])
def test_count_meetings(count: int) -> None:
    times = meeting_times(date(2025, 1, 1), 2, TEN, "UTC", Cadence.WEEKLY, count)
    assert len(times) == count
    assert times == sorted(times)


@pytest.mark.parametrize("horizon", [None, 1, 5])
def test_open_ended_sets_look_ahead_to_the_horizon(horizon: int | None) -> None:
    kwargs = {} if horizon is None else {"horizon": horizon}
    times = meeting_times(date(2025, 1, 1), 2, TEN, "UTC", Cadence.BIWEEKLY, None, **kwargs)
    assert len(times) == (12 if horizon is None else horizon)


def test_meeting_times_start_on_the_weekday_on_or_after_start() -> None:
    times = meeting_times(date(2025, 1, 2), 0, TEN, "UTC", Cadence.WEEKLY, 2)  # a Thursday
    assert times == [datetime(2025, 1, 6, 10, tzinfo=UTC), datetime(2025, 1, 13, 10, tzinfo=UTC)]
