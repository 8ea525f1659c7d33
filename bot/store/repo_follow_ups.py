"""Follow-ups months after a set closed: one per member, planned, asked, answered."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.store.tables_programme import FollowUp


def plan(
    *, session: Session, programme_id: int, set_id: int, users: list[str], due: datetime
) -> list[FollowUp]:
    """One planned follow-up per member (a member already planned keeps theirs)."""
    known = {f.user_id for f in session.exec(select(FollowUp).where(FollowUp.set_id == set_id))}
    rows = [
        FollowUp(programme_id=programme_id, set_id=set_id, user_id=u, due_at=due)
        for u in dict.fromkeys(users)
        if u not in known
    ]
    session.add_all(rows)
    session.flush()
    return rows


def get(*, session: Session, follow_up_id: int) -> FollowUp | None:
    return session.get(FollowUp, follow_up_id)


def set_status(*, session: Session, follow_up_id: int, status: str) -> None:
    row = session.get(FollowUp, follow_up_id)
    if row is not None and row.status in ("planned", "asked"):
        row.status = status
        session.add(row)


def of_programme(*, session: Session, programme_id: int) -> list[FollowUp]:
    query = select(FollowUp).where(FollowUp.programme_id == programme_id)
    return list(session.exec(query.order_by(col(FollowUp.set_id), col(FollowUp.user_id))))
