"""Actions members commit to in meetings, and what became of them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bot.store.tables import Action, LearningSet, Membership


def add_action(
    *,
    session: Session,
    set_id: int,
    meeting_id: int,
    owner_id: str,
    created_by: str,
    text: str,
    expectation: str,
    due_date: date | None,
    now: datetime,
) -> Action:
    row = Action(
        set_id=set_id,
        meeting_id=meeting_id,
        owner_id=owner_id,
        created_by=created_by,
        text=text,
        expectation=expectation,
        due_date=due_date,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def meeting_actions(*, session: Session, meeting_id: int) -> list[Action]:
    return list(
        session.exec(select(Action).where(Action.meeting_id == meeting_id).order_by(col(Action.id)))
    )


def open_actions(*, session: Session, set_id: int, owner_id: str) -> list[Action]:
    return list(
        session.exec(
            select(Action)
            .where(Action.set_id == set_id, Action.owner_id == owner_id, Action.status == "open")
            .order_by(col(Action.id))
        )
    )


def open_actions_of_set(*, session: Session, set_id: int) -> dict[str, list[Action]]:
    """Every member's open actions in a set, by owner, in one query."""
    found: dict[str, list[Action]] = {}
    for action in session.exec(
        select(Action)
        .where(Action.set_id == set_id, Action.status == "open")
        .order_by(col(Action.id))
    ):
        found.setdefault(action.owner_id, []).append(action)
    return found


def set_action_status(
    *, session: Session, action_id: int, owner_id: str, status: str, now: datetime
) -> None:
    """Record what became of an action (only its owner's report may say)."""
    session.execute(
        update(Action)
        .where(col(Action.id) == action_id, col(Action.owner_id) == owner_id)
        .values(status=status, updated_at=now)
    )


def actions_by_ids(*, session: Session, ids: list[int]) -> list[Action]:
    if not ids:
        return []
    return list(session.exec(select(Action).where(col(Action.id).in_(ids))))


def open_actions_of_user(
    *, session: Session, user_id: str, offset: int, limit: int
) -> tuple[list[tuple[Action, str]], int]:
    """A member's open actions in the sets they belong to (with each set's name), and
    how many there are in all."""
    query = (
        select(Action, LearningSet.name)
        .join(LearningSet, col(LearningSet.id) == col(Action.set_id))
        .join(
            Membership,
            (col(Membership.set_id) == col(Action.set_id)) & (col(Membership.user_id) == user_id),
        )
        .where(Action.owner_id == user_id, Action.status == "open")
    )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Action.id)).offset(offset).limit(limit))
    return [(action, name) for action, name in rows], total


def get_action(*, session: Session, action_id: int) -> Action | None:
    return session.get(Action, action_id)
