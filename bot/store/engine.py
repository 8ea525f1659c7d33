"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_S = 30
READ_ONLY = "setbot_read_only"  # execution option: this connection's transaction only reads


def default_database_url() -> str:
    """A SQLite file named setbot.db in the current working directory."""
    return "sqlite:///" + str(Path("setbot.db").resolve())


def normalize_url(url: str) -> str:
    """Point postgres:// and postgresql:// URLs (as hosting platforms give them) at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Build an engine for `url`; extra keyword arguments go to ``create_engine``.

    SQLite: WAL journal, foreign keys on, a 30 s busy timeout, and every writing transaction
    opened with ``BEGIN IMMEDIATE``: one writer at a time, so a read-then-write (claiming a due
    job, an optimistic version check) cannot interleave with another writer's. Read-only
    work (``read_scope``) opens with a plain ``BEGIN`` instead: under WAL it reads a snapshot
    and never waits for the writer. PostgreSQL: the pool
    pings connections before use, so a restarted server costs no failed request.
    """
    url = normalize_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        # sqlite3's `timeout` is SQLite's busy timeout: how long to wait for the write lock.
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S}
        connect_args.update(kwargs.pop("connect_args", {}))
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _use_immediate_transactions(engine)
        return engine
    if backend == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _use_immediate_transactions(engine: Engine) -> None:
    # The pysqlite recipe from SQLAlchemy's SQLite docs: stop the sqlite3 module from issuing
    # its own (deferred, DML-only) BEGIN, and issue BEGIN IMMEDIATE ourselves at the start of
    # every SQLAlchemy transaction. COMMIT and ROLLBACK still go through the driver.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # WAL with synchronous=NORMAL: still crash-safe; commits skip an fsync each.
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY, False):
            # Straight to the driver: through SQLAlchemy a statement costs ~70 µs, this
            # BEGIN ~1 µs, and it cannot fail (a deferred BEGIN takes no lock).
            connection.connection.driver_connection.execute("BEGIN")
        else:  # waits for the write lock (the busy timeout); a timeout is SQLAlchemy's error
            try:
                connection.connection.driver_connection.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise OperationalError("BEGIN IMMEDIATE", None, error) from error


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit when the block ends normally, roll back if it raises.

    Objects stay readable after the commit (expire_on_commit=False), so they can be returned
    out of the block.
    """
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class ReadSession(Session):
    """A session that only reads: flushing a change is a bug (see `read_scope`)."""


@event.listens_for(ReadSession, "before_flush")
def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a read-only unit of work tried to write")


def _reader(engine: Engine) -> Engine:
    """The engine's read-only face (same pool, same events), made once and kept on it: it is
    not free to make."""
    found: Engine | None = getattr(engine, "_setbot_reader", None)
    if found is None:
        found = engine.execution_options(**{READ_ONLY: True})
        engine._setbot_reader = found  # type: ignore[attr-defined]
    return found


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A unit of work that only reads: on SQLite it takes no write lock (a snapshot under
    WAL), so it never queues behind the writer. Writing in it is a bug, refused at flush;
    it always ends with a rollback (there is nothing to keep).

    Closing the session is that rollback (the pool resets the connection it gets back) and
    detaches what was read, which stays readable after the block; a Session's own
    rollback first would cost twice what the queries of a command do."""
    with ReadSession(_reader(engine), expire_on_commit=False) as session:
        yield session


def check_database(engine: Engine) -> bool:
    """True when the database answers a trivial query (for a health check)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        log.warning("database check failed", exc_info=True)
        return False
