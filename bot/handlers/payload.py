"""Reading the parts of an interaction payload every listener needs."""

from __future__ import annotations

from typing import Any


def team_of(body: dict[str, Any]) -> str:
    """The workspace of an interaction (`team` may be null in org-wide installs)."""
    return str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id", ""))


def user_of(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    return dict((body.get("actions") or [{}])[0])
