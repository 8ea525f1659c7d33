"""A meeting's turns: who had the floor in which slot, and the thread each turn's messages
go in (one thread for the whole report-back round, one per issue round)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bot.flows.meeting_state import SlotKind
from bot.store.tables import Meeting, Turn


def last_presented(*, session: Session, set_id: int) -> dict[str, int]:
    """For each member who has presented, the number of the last meeting they did."""
    rows = session.exec(
        select(Turn.user_id, func.max(Meeting.number))
        .join(Meeting, col(Meeting.id) == col(Turn.meeting_id))
        .where(Meeting.set_id == set_id, Turn.kind == SlotKind.ISSUE, Turn.outcome == "done")
        .group_by(col(Turn.user_id))
    )
    return {user: number for user, number in rows}


def start_turn(
    *,
    session: Session,
    meeting_id: int,
    slot: int,
    kind: str,
    user_id: str,
    now: datetime,
    thread_ts: str | None = None,
) -> None:
    session.add(
        Turn(
            meeting_id=meeting_id,
            slot=slot,
            kind=kind,
            user_id=user_id,
            started_at=now,
            thread_ts=thread_ts,
        )
    )
    session.flush()


def round_thread(*, session: Session, meeting_id: int) -> str | None:
    """The one thread of the meeting's report-back round, once its root is posted."""
    return session.exec(
        select(Turn.thread_ts)
        .where(
            Turn.meeting_id == meeting_id,
            Turn.kind == SlotKind.REPORT_BACK,
            col(Turn.thread_ts).is_not(None),
        )
        .order_by(col(Turn.slot))
    ).first()


def round_begun(*, session: Session, meeting_id: int, before_slot: int) -> bool:
    """Has an earlier slot of the meeting opened its report-back round (root posted or not)?
    The meeting's version check makes this the one decision of who posts the root."""
    query = select(Turn.id).where(
        Turn.meeting_id == meeting_id,
        Turn.kind == SlotKind.REPORT_BACK,
        col(Turn.slot) < before_slot,
    )
    return session.exec(query.limit(1)).first() is not None


def end_turn(*, session: Session, meeting_id: int, slot: int, outcome: str, now: datetime) -> None:
    session.execute(
        update(Turn)
        .where(col(Turn.meeting_id) == meeting_id, col(Turn.slot) == slot)
        .values(ended_at=now, outcome=outcome)
    )


def current_thread(
    *, session: Session, meeting_id: int, user_id: str, kind: str | None = None
) -> str | None:
    """The thread of the user's latest turn in this meeting (of `kind`, if given)."""
    query = select(Turn.thread_ts).where(Turn.meeting_id == meeting_id, Turn.user_id == user_id)
    if kind is not None:
        query = query.where(Turn.kind == kind)
    return session.exec(query.order_by(col(Turn.slot).desc())).first()


def set_thread(*, session: Session, meeting_id: int, slot: int, thread_ts: str) -> None:
    session.execute(
        update(Turn)
        .where(col(Turn.meeting_id) == meeting_id, col(Turn.slot) == slot)
        .values(thread_ts=thread_ts)
    )
