"""The reads every command makes, run with Core on the session's connection.

Through the ORM a small SELECT costs about twice what it costs through Core: the ORM's
execute pipeline and its loading are the larger part of a one-row query. The reads made
before almost every ack (the channel's set, its members, where its meetings stand) go
straight to the session's connection instead, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import Executable
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, SQLModel

from bot.store.engine import ReadSession

Entity = TypeVar("Entity", bound=SQLModel)


def rows(session: Session, statement: Executable, params: Mapping[str, Any]) -> CursorResult[Any]:
    """A SELECT of columns, run past the ORM; changes not yet flushed are flushed first,
    as the ORM's autoflush would, so a write's own reads still see its changes."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection().execute(statement, params)


def first(
    session: Session, entity: type[Entity], statement: Executable, params: Mapping[str, Any]
) -> Entity | None:
    """The first `entity` a `select(entity)` finds. In a read-only session it is built from
    the row as the ORM would load it and detached (a read-only session detaches all it read
    anyway); elsewhere it comes from the ORM, in the session, so changes to it are saved."""
    if not isinstance(session, ReadSession):
        found: Entity | None = session.exec(statement, params=params).first()  # type: ignore[call-overload]
        return found
    row = session.connection().execute(statement, params).first()
    if row is None:
        return None
    instance: Entity = entity.__mapper__.class_manager.new_instance()  # type: ignore[attr-defined]
    instance.__dict__.update(row._mapping)
    make_transient_to_detached(instance)
    return instance
