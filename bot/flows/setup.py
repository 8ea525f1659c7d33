"""Validating the create/settings form of a set: raw values in, a config or errors out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.flows.cadence import Cadence, first_on_or_after, local_to_utc

NAME_MAX = 80
TEXT_MAX = 3000
MINUTES_RANGE = (30, 480)
COUNT_RANGE = (1, 52)
LEAD_RANGE = (1, 168)
REMINDER_RANGE = (1, 167)
DEFAULT_REMINDER_HOURS = 2
PAST = "The first meeting would be in the past. Pick a later date."

DEFAULT_GROUND_RULES = (
    "Confidentiality: what is said in the set stays in the set.\n"
    "Attendance: come to every meeting, or send apologies in advance.\n"
    "Listen while others speak, and ask questions before offering advice.\n"
    "Own your actions, and report back on them honestly."
)


@dataclass(frozen=True)
class SetForm:
    """What the form holds, unchecked: every value as Slack sent it, or None."""

    name: str | None = None
    theme: str | None = None
    members: tuple[str, ...] = ()
    facilitator: str | None = None
    rotating: bool = False
    cadence: str | None = None
    weekday: str | None = None
    time: str | None = None
    timezone: str | None = None
    first_date: str | None = None
    meeting_minutes: str | None = None
    meeting_count: str | None = None
    lead_hours: str | None = None
    reminder_hours: str | None = None
    ground_rules: str | None = None


@dataclass(frozen=True)
class SetConfig:
    name: str
    theme: str
    members: tuple[str, ...]
    facilitator: str
    rotating: bool
    cadence: Cadence
    weekday: int
    at: time
    timezone: str
    first_date: date
    meeting_minutes: int
    meeting_count: int | None
    lead_hours: int
    ground_rules: str
    reminder_hours: int = 2

    def first_meeting(self) -> datetime:
        day = first_on_or_after(self.first_date, self.weekday)
        return local_to_utc(day, self.at, self.timezone)


def _int(raw: str | None) -> int | None:
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


def _in_range(raw: str | None, bounds: tuple[int, int], what: str) -> tuple[int | None, str]:
    low, high = bounds
    value = _int(raw)
    if value is None or not low <= value <= high:
        return None, f"{what} must be a whole number from {low} to {high}."
    return value, ""


def _text(raw: str | None, what: str, limit: int) -> tuple[str, str]:
    text = (raw or "").strip()
    if len(text) > limit:
        return text, f"{what} must be at most {limit:,} characters (it has {len(text):,})."
    return text, ""


def validate(form: SetForm, now: datetime, editing: bool = False) -> SetConfig | dict[str, str]:
    """A valid config, or a message per field that is wrong (keys are SetForm fields).

    `editing` relaxes the first-meeting check for a set that already exists: its first
    date may be in the past, but its next meeting is recomputed from today.
    """
    errors: dict[str, str] = {}
    name, error = _text(form.name, "The name", NAME_MAX)
    if not name:
        error = "Give the set a name."
    errors["name"] = error
    theme, errors["theme"] = _text(form.theme, "The theme", TEXT_MAX)
    rules, errors["ground_rules"] = _text(form.ground_rules, "The ground rules", TEXT_MAX)
    members = tuple(dict.fromkeys(form.members))
    if len(members) < 2:
        errors["members"] = "A set needs at least 2 members."
    if not form.facilitator:
        errors["facilitator"] = "Choose a facilitator."
    try:
        cadence = Cadence(form.cadence or "")
    except ValueError:
        errors["cadence"] = "Choose how often the set meets."
    weekday = _int(form.weekday)
    if weekday is None or not 0 <= weekday <= 6:
        errors["weekday"] = "Choose the weekday of the meetings."
    try:
        at = time.fromisoformat(form.time or "")
    except ValueError:
        errors["time"] = "Choose the time of the meetings."
    zone = (form.timezone or "").strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # tzdata raises OSError for "Europe"
        shown = zone[:40] or "That"
        errors["timezone"] = f"{shown} is not a time zone I know. Type a city, e.g. London."
    try:
        first_date = date.fromisoformat(form.first_date or "")
    except ValueError:
        errors["first_date"] = "Choose the date of the first meeting."
    minutes, errors["meeting_minutes"] = _in_range(
        form.meeting_minutes, MINUTES_RANGE, "Meeting length (minutes)"
    )
    count = None
    if (form.meeting_count or "").strip():
        count, errors["meeting_count"] = _in_range(
            form.meeting_count, COUNT_RANGE, "Number of meetings"
        )
    lead, errors["lead_hours"] = _in_range(form.lead_hours, LEAD_RANGE, "Prompt lead time (hours)")
    reminder = DEFAULT_REMINDER_HOURS
    if (form.reminder_hours or "").strip():
        checked, errors["reminder_hours"] = _in_range(
            form.reminder_hours, REMINDER_RANGE, "Reminder (hours before)"
        )
        reminder = checked or DEFAULT_REMINDER_HOURS
        if checked and lead and checked >= lead:
            errors["reminder_hours"] = (
                f"The reminder must come after the prompt: make it fewer hours before the "
                f"meeting than the prompt lead time ({lead})."
            )
    dated = not (errors.get("timezone") or errors.get("first_date") or editing)
    if dated and first_date < now.astimezone(ZoneInfo(zone)).date():  # said with the others
        errors["first_date"] = PAST
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        return errors
    config = SetConfig(
        name=name,
        theme=theme,
        members=members,
        facilitator=form.facilitator or "",
        rotating=form.rotating,
        cadence=cadence,
        weekday=weekday or 0,
        at=at,
        timezone=zone,
        first_date=first_date,
        meeting_minutes=minutes or 0,
        meeting_count=count,
        lead_hours=lead or 0,
        ground_rules=rules or DEFAULT_GROUND_RULES,
        reminder_hours=reminder,
    )
    today = now.astimezone(ZoneInfo(zone)).date()
    if not editing and (config.first_date < today or config.first_meeting() <= now):
        return {"first_date": PAST}
    return config
