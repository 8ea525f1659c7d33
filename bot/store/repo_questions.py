"""Messages in issue rounds' threads: questions counted per member, stars for the bank."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.flows.meeting_state import SlotKind
from bot.store.tables import Contribution, Meeting, Turn


def turn_for_thread(*, session: Session, thread_ts: str) -> tuple[Turn, Meeting] | None:
    """The issue round whose thread this is (thread ts are unique per channel)."""
    return session.exec(
        select(Turn, Meeting)
        .join(Meeting, col(Meeting.id) == col(Turn.meeting_id))
        .where(Turn.thread_ts == thread_ts, Turn.kind == SlotKind.ISSUE)
        .order_by(col(Turn.id).desc())
    ).first()


def thread_of(*, session: Session, contribution: Contribution) -> str | None:
    """The ts of the turn thread a contribution was written in."""
    return session.exec(
        select(Turn.thread_ts).where(
            Turn.meeting_id == contribution.meeting_id, Turn.slot == contribution.slot
        )
    ).first()


def add_contribution(*, session: Session, row: Contribution) -> bool:
    """Store a thread message once; False when Slack delivered it before."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True


def get_contribution(*, session: Session, channel_id: str, ts: str) -> Contribution | None:
    return session.exec(
        select(Contribution).where(Contribution.channel_id == channel_id, Contribution.ts == ts)
    ).first()


def question_counts(*, session: Session, meeting_id: int) -> dict[str, int]:
    """Questions each member asked in this meeting's questions steps."""
    rows = session.exec(
        select(Contribution.user_id, func.count())
        .where(
            Contribution.meeting_id == meeting_id,
            Contribution.is_question == True,  # noqa: E712
            Contribution.step == "questions",
        )
        .group_by(col(Contribution.user_id))
    )
    return {user: int(n) for user, n in rows}


def set_question_counts(*, session: Session, set_id: int) -> dict[int, dict[str, int]]:
    """meeting id → member → questions asked, for a whole set."""
    return question_counts_of_sets(session=session, set_ids=[set_id])


def question_counts_of_sets(*, session: Session, set_ids: list[int]) -> dict[int, dict[str, int]]:
    """meeting id → member → questions asked, for several sets in one query."""
    rows = session.exec(
        select(Contribution.meeting_id, Contribution.user_id, func.count())
        .where(
            col(Contribution.set_id).in_(set_ids),
            Contribution.is_question == True,  # noqa: E712
            Contribution.step == "questions",
        )
        .group_by(col(Contribution.meeting_id), col(Contribution.user_id))
    )
    counts: dict[int, dict[str, int]] = {}
    for meeting_id, user, n in rows:
        counts.setdefault(meeting_id, {})[user] = int(n)
    return counts


def star(
    *, session: Session, contribution: Contribution, user_id: str | None, now: datetime
) -> None:
    contribution.starred_by = user_id
    contribution.starred_at = now if user_id else None
    session.add(contribution)


def question_banks(
    *, session: Session, set_ids: list[int], limit: int
) -> dict[int, list[Contribution]]:
    """The first `limit` starred questions of each of several sets, in one query."""
    if not set_ids:
        return {}
    query = (
        select(Contribution)
        .where(col(Contribution.set_id).in_(set_ids), col(Contribution.starred_by).is_not(None))
        .order_by(col(Contribution.starred_at), col(Contribution.id))
    )
    banks: dict[int, list[Contribution]] = {}
    for row in session.exec(query):
        bank = banks.setdefault(row.set_id, [])
        if len(bank) < limit:
            bank.append(row)
    return banks


def question_bank(*, session: Session, set_id: int, limit: int | None = None) -> list[Contribution]:
    """Starred questions of a set, oldest first."""
    query = (
        select(Contribution)
        .where(Contribution.set_id == set_id, col(Contribution.starred_by).is_not(None))
        .order_by(col(Contribution.starred_at), col(Contribution.id))
    )
    return list(session.exec(query.limit(limit) if limit else query))
