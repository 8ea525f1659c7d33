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
    as the ORM's autoflush would (a flush with nothing to do returns at once), so a
    write's own reads still see its changes."""
    session.flush()
    return session.connection().execute(statement, params)


def first(
    session: Session, entity: type[Entity], statement: Executable, params: Mapping[str, Any]
) -> Entity | None:
    """The first `entity` a `select(entity)` finds (see `every`)."""
    found = every(session, entity, statement, params, limit=1)
    return found[0] if found else None


def every(
    session: Session,
    entity: type[Entity],
    statement: Executable,
    params: Mapping[str, Any],
    limit: int | None = None,
) -> list[Entity]:
    """The `entity` rows a `select(entity)` finds (`limit`: all, or 1 for the first). In
    a read-only session each is built from its row as the ORM would load it, and detached
    (a read-only session detaches all it read anyway); elsewhere they come from the ORM, in
    the session, so changes to them are saved."""
    if not isinstance(session, ReadSession):
        result = session.exec(statement, params=params)  # type: ignore[call-overload]
        if limit == 1:
            one = result.first()  # and closes the result
            return [] if one is None else [one]
        return list(result)
    cursor = session.connection().execute(statement, params)
    rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
    cursor.close()
    manager = entity.__mapper__.class_manager  # type: ignore[attr-defined]
    found = []
    for row in rows:
        instance: Entity = manager.new_instance()
        instance.__dict__.update(row._mapping)
        make_transient_to_detached(instance)
        found.append(instance)
    return found
