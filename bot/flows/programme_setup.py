"""The programme form's rules: what a programme needs, checked all at once, each error
on the field it is about (plain text: Slack shows inline errors without mrkdwn)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NAME_MAX = 80
HOUR_RANGE = (0, 23)
FOLLOW_UP_RANGE = (0, 365)
MAX_LEADS = 20


@dataclass(frozen=True)
class ProgrammeForm:
    """The form as submitted: unchecked, every field possibly missing."""

    name: str | None = None
    leads: tuple[str, ...] = ()
    end_date: str | None = None
    digest_weekday: str | None = None
    digest_hour: str | None = None
    follow_up_days: str | None = None


@dataclass(frozen=True)
class ProgrammeConfig:
    name: str
    leads: tuple[str, ...]
    end_date: date | None
    digest_weekday: int
    digest_hour: int
    follow_up_days: int


def _whole(raw: str | None, bounds: tuple[int, int], default: int) -> int | None:
    if raw is None or str(raw).strip() == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        return None
    return value if bounds[0] <= value <= bounds[1] else None


def validate(
    form: ProgrammeForm, today: date, taken: bool
) -> tuple[ProgrammeConfig | None, dict[str, str]]:
    """The config, or every error by field. `taken`: the workspace already has a
    programme of this name (the caller looks it up)."""
    errors: dict[str, str] = {}
    name = " ".join((form.name or "").split())  # one line: newlines and runs of spaces go
    if not name:
        errors["name"] = "Give the programme a name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"The name must be at most {NAME_MAX} characters (it has {len(name):,})."
    elif taken:
        errors["name"] = "This workspace already has a programme of that name. Pick another."
    leads = tuple(dict.fromkeys(form.leads))
    if not leads:
        errors["leads"] = "Choose at least one lead."
    elif len(leads) > MAX_LEADS:
        errors["leads"] = f"A programme has at most {MAX_LEADS} leads."
    end: date | None = None
    if form.end_date:
        try:
            end = date.fromisoformat(form.end_date)
        except ValueError:
            errors["end_date"] = "Pick the end date from the calendar."
        else:
            if end < today:
                errors["end_date"] = "The end date has passed. Pick a later one, or none."
    weekday = _whole(form.digest_weekday, (0, 6), 0)
    if weekday is None:
        errors["digest_weekday"] = "Pick the digest's day."
    hour = _whole(form.digest_hour, HOUR_RANGE, 9)
    if hour is None:
        errors["digest_hour"] = "An hour from 0 to 23, e.g. 9 for 9 in the morning."
    follow_up = _whole(form.follow_up_days, FOLLOW_UP_RANGE, 90)
    if follow_up is None:
        errors["follow_up_days"] = "A number of days from 0 (no follow-up) to 365."
    if errors or weekday is None or hour is None or follow_up is None:
        return None, errors
    return ProgrammeConfig(name, leads, end, weekday, hour, follow_up), {}
