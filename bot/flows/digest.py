"""A programme lead's weekly digest: when it falls due in their own time, and what it
says of the week: meetings held, sets newly at risk and why, learning newly shared and
themes that grew. A week with nothing new says nothing (None). Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.flows.themes import Theme


def next_due(after: datetime, weekday: int, hour: int, zone: str) -> datetime:
    """The first `weekday` at `hour` in `zone` strictly after `after` (an aware time)."""
    local = after.astimezone(ZoneInfo(zone))
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    due = datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))
    if due <= local:
        due = datetime.combine(day + timedelta(days=7), time(hour), tzinfo=ZoneInfo(zone))
    return due.astimezone(after.tzinfo)


@dataclass(frozen=True)
class Week:
    programme: str
    held: int  # meetings held in the week
    newly_at_risk: Sequence[tuple[str, tuple[str, ...]]] = ()  # (set name, reasons)
    shared: Sequence[tuple[str, int, str, str | None]] = ()  # (set, meeting, text, author)
    themes_before: Sequence[Theme] = ()
    themes_now: Sequence[Theme] = ()


def grown(before: Sequence[Theme], now: Sequence[Theme]) -> list[tuple[Theme, int]]:
    """Themes now used by more sets than a week ago (0 for a new one): (theme, then)."""
    then = {t.term: t.sets for t in before}
    return [(t, then.get(t.term, 0)) for t in now if t.sets > then.get(t.term, 0)]


def has_news(week: Week) -> bool:
    """Whether the week brought anything a lead would want to hear of."""
    return bool(
        week.held or week.newly_at_risk or week.shared or grown(week.themes_before, week.themes_now)
    )
