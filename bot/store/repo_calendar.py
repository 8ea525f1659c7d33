"""Who added a set's meetings to their calendar (and so hears when one moves)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from bot.store.tables import CalendarSubscriber


def subscribe(*, session: Session, set_id: int, user_id: str, now: datetime) -> None:
    """Remember that the person added the calendar; two presses at once store one row."""
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CalendarSubscriber).values(set_id=set_id, user_id=user_id, added_at=now)
    session.execute(statement.on_conflict_do_nothing(index_elements=["set_id", "user_id"]))


def subscribed(*, session: Session, set_id: int) -> list[str]:
    query = select(CalendarSubscriber.user_id).where(CalendarSubscriber.set_id == set_id)
    return list(session.exec(query).all())
