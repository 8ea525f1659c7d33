"""Homes to publish again because something of theirs changed, as coalesced due work.

A meeting closing or a question starred changes the App Home of everyone in a set. Rather
than publishing each one inside the request, a due row per person is asked for (one per
person however many changes pile up before it is delivered), and `DueWork` publishes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from bot.store import repo_jobs

KIND = "home"


def refresh_later(session: Session, team: str, users: Iterable[str], now: datetime) -> None:
    repo_jobs.request(
        session=session,
        jobs=[(f"{KIND}:{team}:{u}", KIND, now, {"team": team, "user": u}) for u in users],
    )
