"""Meeting dates from a set's cadence, in the set's own time zone.

Each meeting is a local wall-clock time (say Tuesday 10:00 in Europe/London) turned
into UTC on its own date, so meetings stay at 10:00 local across daylight-saving
changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Cadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


CADENCE_LABELS = {
    Cadence.WEEKLY: "Weekly",
    Cadence.BIWEEKLY: "Every 2 weeks",
    Cadence.MONTHLY: "Monthly",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def first_on_or_after(start: date, weekday: int) -> date:
    """The first date on or after `start` that falls on `weekday` (0 = Monday)."""
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth `weekday` of a month; the last one when the month has fewer."""
    first = first_on_or_after(date(year, month, 1), weekday)
    candidate = first + timedelta(weeks=nth - 1)
    while candidate.month != month:
        candidate -= timedelta(weeks=1)
    return candidate


def meeting_dates(first: date, cadence: Cadence) -> Iterator[date]:
    """Local dates of meetings, starting with `first`, forever."""
    if cadence == Cadence.MONTHLY:
        nth = (first.day - 1) // 7 + 1
        year, month = first.year, first.month
        while True:
            yield _nth_weekday(year, month, first.weekday(), nth)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = timedelta(weeks=1 if cadence == Cadence.WEEKLY else 2)
    day = first
    while True:
        yield day
        day += step


def local_to_utc(day: date, at: time, zone: str) -> datetime:
    """A local wall-clock time on `day` in `zone`, as an aware UTC datetime.

    A time skipped by a spring-forward change lands just after the gap (fold=0
    semantics of zoneinfo), which is what a person would expect from their calendar.
    """
    local = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def meeting_times(
    start: date,
    weekday: int,
    at: time,
    zone: str,
    cadence: Cadence,
    count: int | None,
    horizon: int = 12,
) -> list[datetime]:
    """UTC start times of a set's meetings: `count` of them, or `horizon` if open-ended."""
    first = first_on_or_after(start, weekday)
    wanted = count if count is not None else horizon
    times: list[datetime] = []
    for day in meeting_dates(first, cadence):
        if len(times) == wanted:
            break
        times.append(local_to_utc(day, at, zone))
    return times
