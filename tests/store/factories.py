"""Rows with sensible defaults, for store tests. Override any field by keyword."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.store.tables import LearningSet, Meeting

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def new_set(**overrides: Any) -> LearningSet:
    fields: dict[str, Any] = {
        "team_id": "T1",
        "channel_id": "C1",
        "name": "Set one",
        "facilitator_id": "U1",
        "cadence": "weekly",
        "weekday": 0,
        "meeting_time": "09:00",
        "timezone": "Europe/London",
        "first_date": date(2025, 3, 3),
        "meeting_minutes": 90,
        "meeting_count": 6,
        "prompt_lead_hours": 24,
        "ground_rules": "Confidentiality. Attendance. Listen while others speak.",
        "created_by": "U1",
    }
    fields.update(overrides)
    return LearningSet(**fields)


def new_meeting(set_id: int, **overrides: Any) -> Meeting:
    fields: dict[str, Any] = {"set_id": set_id, "number": 1, "scheduled_at": T0}
    fields.update(overrides)
    return Meeting(**fields)
