"""Meeting state to and from JSON, so the store can keep it in one text column."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime
from typing import Any

from bot.flows.meeting_state import MeetingState, Phase, Presence

_DATES = ("slot_started_at", "paused_at", "started_at", "ended_at")
_TUPLES = ("members", "drivers", "reported", "pinned", "reporters", "presenters", "shown")


def dumps(state: MeetingState) -> str:
    """Serialise a state; the inverse of `loads`."""
    data: dict[str, Any] = {}
    for f in fields(state):
        value = getattr(state, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif f.name == "attendance":
            value = {user: presence.value for user, presence in value.items()}
        data[f.name] = value
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> MeetingState:
    """Rebuild a state saved by `dumps`."""
    data = json.loads(text)
    for name in _DATES:
        if data.get(name):
            data[name] = datetime.fromisoformat(data[name])
    for name in _TUPLES:
        data[name] = tuple(data.get(name, ()))
    data["phase"] = Phase(data["phase"])
    data["attendance"] = {u: Presence(p) for u, p in data.get("attendance", {}).items()}
    data["last_presented"] = {u: int(n) for u, n in data.get("last_presented", {}).items()}
    return MeetingState(**data)
