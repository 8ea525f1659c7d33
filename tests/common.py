"""What the end-to-end and the services tests share: an injected clock, and the set form
as a facilitator usually fills it in."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


class FakeClock:
    """The time the bot sees; tests move it on."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


MEMBERS = ("UANA", "UBEN", "UCAI", "UDEE")

# The set form's values by block id, as the stand-in's driver submits them.
FORM_VALUES: dict[str, dict[str, Any]] = {
    "name": {"value": "Leaders' set 🌱"},
    "theme": {"value": "Leading through change"},
    "members": {"value": list(MEMBERS)},
    "facilitator": {"value": "UANA"},
    "cadence": {"value": "weekly"},
    "weekday": {"value": "1"},
    "time": {"value": "10:00"},
    "timezone": {"value": "Europe/London"},
    "first_date": {"value": "2026-11-24"},
    "meeting_minutes": {"value": "90"},
    "meeting_count": {"value": "6"},
    "lead_hours": {"value": "24"},
}
