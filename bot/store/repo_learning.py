"""Learnings (what members say they learned) and reflections on meetings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.store.tables import Learning, LearningSet, Meeting, Reflection
from bot.store.types import utcnow


def save_learning(
    *,
    session: Session,
    set_id: int,
    meeting_id: int,
    user_id: str,
    source: str,
    text: str,
    now: datetime,
    shareable: bool | None = None,
    named: bool = False,
) -> Learning | None:
    """Keep a member's learning for a meeting (one per source); empty text removes it.

    `shareable` None keeps the author's earlier choice: editing a report doesn't unshare it.
    """
    row = get_learning(session=session, meeting_id=meeting_id, user_id=user_id, source=source)
    if not text.strip():
        if row is not None:
            session.delete(row)
            session.flush()
        return None
    if row is None:
        row = Learning(
            set_id=set_id,
            meeting_id=meeting_id,
            user_id=user_id,
            source=source,
            text=text,
            created_at=now,
        )
    row.text, row.updated_at = text, now
    if shareable is not None:
        if shareable and not row.shareable:
            row.shared_at = now
        row.shareable, row.named = shareable, shareable and named
    session.add(row)
    session.flush()
    return row


def get_learning(
    *, session: Session, meeting_id: int, user_id: str, source: str
) -> Learning | None:
    return session.exec(
        select(Learning).where(
            Learning.meeting_id == meeting_id,
            Learning.user_id == user_id,
            Learning.source == source,
        )
    ).first()


def set_shareable(
    *,
    session: Session,
    learning_id: int,
    user_id: str,
    shareable: bool,
    named: bool = False,
    now: datetime | None = None,
) -> bool:
    """Only a learning's author may share it (`named`: with their name); False if it isn't
    theirs (or is gone)."""
    row = session.get(Learning, learning_id)
    if row is None or row.user_id != user_id:
        return False
    if shareable and not row.shareable:
        row.shared_at = now or utcnow()
    row.shareable, row.named = shareable, shareable and named
    session.add(row)
    return True


def learning_log(
    *, session: Session, user_id: str, limit: int
) -> list[tuple[Learning, Meeting, LearningSet]]:
    """A member's learnings, newest meeting first."""
    return list(
        session.exec(
            select(Learning, Meeting, LearningSet)
            .join(Meeting, col(Meeting.id) == col(Learning.meeting_id))
            .join(LearningSet, col(LearningSet.id) == col(Learning.set_id))
            .where(Learning.user_id == user_id)
            .order_by(col(Meeting.scheduled_at).desc(), col(Learning.id))
            .limit(limit)
        )
    )


def count_learnings(*, session: Session, user_id: str) -> int:
    query = select(func.count()).select_from(Learning).where(Learning.user_id == user_id)
    return int(session.exec(query).one())


def shareable_learnings(*, session: Session, set_id: int) -> list[tuple[Learning, Meeting]]:
    """What the set's members agreed to share, in meeting order."""
    return list(
        session.exec(
            select(Learning, Meeting)
            .join(Meeting, col(Meeting.id) == col(Learning.meeting_id))
            .where(Learning.set_id == set_id, Learning.shareable == True)  # noqa: E712
            .order_by(col(Meeting.number), col(Learning.source), col(Learning.id))
        )
    )


def count_set_learnings(*, session: Session, set_id: int) -> tuple[int, int]:
    """(all learnings, shareable ones) in a set."""
    counts = dict(
        session.exec(
            select(Learning.shareable, func.count())
            .where(Learning.set_id == set_id)
            .group_by(col(Learning.shareable))
        ).all()
    )
    return sum(counts.values()), counts.get(True, 0)


def save_reflection(
    *,
    session: Session,
    set_id: int,
    meeting_id: int,
    user_id: str,
    final: bool,
    answers: str,
    rating: int | None,
    now: datetime,
) -> Reflection:
    row = get_reflection(session=session, meeting_id=meeting_id, user_id=user_id, final=final)
    if row is None:
        row = Reflection(
            set_id=set_id, meeting_id=meeting_id, user_id=user_id, final=final, created_at=now
        )
    row.answers, row.rating, row.updated_at = answers, rating, now
    session.add(row)
    session.flush()
    return row


def get_reflection(
    *, session: Session, meeting_id: int, user_id: str, final: bool
) -> Reflection | None:
    return session.exec(
        select(Reflection).where(
            Reflection.meeting_id == meeting_id,
            Reflection.user_id == user_id,
            Reflection.final == final,
        )
    ).first()


def reflections_for(*, session: Session, meeting_id: int, final: bool = False) -> list[Reflection]:
    return list(
        session.exec(
            select(Reflection)
            .where(Reflection.meeting_id == meeting_id, Reflection.final == final)
            .order_by(col(Reflection.created_at), col(Reflection.id))
        )
    )
