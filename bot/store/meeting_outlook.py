"""Where a set's meetings stand, read in one query: what `/set status` shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from bot.store import core_reads
from bot.store.repo_meetings import LIVE_SQL, SCHEDULED
from bot.store.tables import Meeting


def _of_next(column: Any) -> Any:
    """One column of the set's next scheduled meeting (as `next_scheduled` finds it), as a
    scalar subquery."""
    return SCHEDULED.with_only_columns(column).limit(1).scalar_subquery()


_OUTLOOK = sa_select(  # five columns: more than sqlmodel's select is typed for
    func.max(case((col(Meeting.phase).in_(LIVE_SQL), Meeting.number))),
    func.count(col(Meeting.started_at)),
    _of_next(Meeting.id),
    _of_next(Meeting.number),
    _of_next(Meeting.scheduled_at),
).where(col(Meeting.set_id) == bindparam("set_id"))


@dataclass(frozen=True)
class Outlook:
    """Where a set's meetings stand, in one query (for `/set status`)."""

    running: int | None  # the number of the meeting running now
    held: int  # meetings that really took place (running or closed), as `count_started`
    next_id: int | None  # the next scheduled meeting, as `next_scheduled`
    next_number: int | None
    next_at: datetime | None


def outlook(*, session: Session, set_id: int) -> Outlook:
    found = core_reads.rows(session, _OUTLOOK, {"set_id": set_id}).one()
    return Outlook(*tuple(found))
