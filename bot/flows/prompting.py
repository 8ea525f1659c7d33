"""When the bot writes to people before a meeting: prompts, one reminder, the facilitator's
brief; never between 21:00 and 08:00 in the reader's own time zone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)
BRIEF_BEFORE = timedelta(hours=1)
REMINDER_GAP = timedelta(hours=1)  # a reminder never follows its prompt sooner than this


class Kind(StrEnum):
    PROMPT = "prompt"
    REMINDER = "reminder"
    BRIEF = "brief"
    WELCOME = "welcome"  # before a set's first meeting, instead of a report-back prompt
    REMIND_NOW = "remind_now"  # the facilitator pressed Remind now in the brief: never planned


PLANNED = (Kind.PROMPT, Kind.REMINDER, Kind.BRIEF, Kind.WELCOME)


@dataclass(frozen=True)
class Planned:
    kind: Kind
    user: str
    due: datetime


def zone_of(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, OSError):  # tzdata raises OSError for "Europe"
        return ZoneInfo("UTC")


def is_quiet(local: time) -> bool:
    return local >= QUIET_FROM or local < QUIET_UNTIL


def _at(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def allowed(
    due: datetime, zone: str | None, deadline: datetime, not_before: datetime | None = None
) -> datetime:
    """`due`, or the nearest time outside 21:00–08:00 local that is still before `deadline`
    (and not before `not_before`, when the choice is made at the last moment).

    The evening side is the last minute before 21:00; the morning side is 08:00. A result
    earlier than `not_before` means there is no allowed time left before the deadline.
    """
    tz = zone_of(zone)
    local = due.astimezone(tz)
    if not is_quiet(local.time()):
        return due
    evening_day = local.date() if local.time() >= QUIET_FROM else local.date() - timedelta(days=1)
    morning_day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    evening = (_at(evening_day, QUIET_FROM, tz) - timedelta(minutes=1)).astimezone(UTC)
    morning = _at(morning_day, QUIET_UNTIL, tz).astimezone(UTC)
    candidates = [
        t for t in (evening, morning) if t < deadline and (not_before is None or t >= not_before)
    ]
    if not candidates:
        return evening.astimezone(due.tzinfo)
    # Measure in real time (UTC): in the night of a clock change wall-clock sums are wrong.
    nearest = min(candidates, key=lambda t: abs((t - due).total_seconds()))
    return nearest.astimezone(due.tzinfo)


def reminder_at(
    now: datetime, prompt_sent: datetime | None, meeting_at: datetime
) -> datetime | None:
    """When a due reminder may go: `now`, a later time, or None when there is no time left.

    A prompt sent late (the meeting moved closer, or quiet hours held it) would otherwise be
    followed by its reminder in the same minute. A prompt not yet sent holds the reminder too.
    """
    earliest = now + REMINDER_GAP if prompt_sent is None else max(now, prompt_sent + REMINDER_GAP)
    return earliest if earliest < meeting_at else None


def plan(
    meeting_at: datetime,
    lead_hours: int,
    reminder_hours: int,
    members: Mapping[str, str | None],
    facilitator: str,
    facilitator_zone: str | None,
    apologies: frozenset[str] = frozenset(),
    first: bool = False,
) -> list[Planned]:
    """Every message due before one meeting: a prompt per member, a reminder for those who
    haven't sent apologies (later filtered by who has reported), and the facilitator's brief.

    Before a set's `first` meeting there is nothing to report on: each member gets a
    welcome instead of a prompt, and no reminder.
    """
    planned = []
    prompt_at = meeting_at - timedelta(hours=lead_hours)
    remind_at = meeting_at - timedelta(hours=reminder_hours)
    for user, zone in members.items():
        prompt = allowed(prompt_at, zone, meeting_at)
        planned.append(Planned(Kind.WELCOME if first else Kind.PROMPT, user, prompt))
        if first or user in apologies or not 0 < reminder_hours < lead_hours:
            continue
        reminder = allowed(remind_at, zone, meeting_at)
        if reminder > prompt:
            planned.append(Planned(Kind.REMINDER, user, reminder))
    brief = allowed(meeting_at - BRIEF_BEFORE, facilitator_zone, meeting_at)
    planned.append(Planned(Kind.BRIEF, facilitator, brief))
    return planned
