"""Engine settings, URLs, sessions and the health check."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from bot.store.engine import (
    check_database,
    default_database_url,
    make_engine,
    normalize_url,
    read_scope,
    session_scope,
)
from bot.store.tables import ProcessedEvent


def test_default_database_url_is_an_absolute_sqlite_file_in_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_database_url() == f"sqlite:///{tmp_path.resolve() / 'setbot.db'}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgresql://u@h/db?sslmode=require", "postgresql+psycopg://u@h/db?sslmode=require"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("sqlite://", "sqlite://"),
    ],
)
def test_normalize_url(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


def test_postgres_engine_pings_its_pool() -> None:
    engine = make_engine("postgres://u@127.0.0.1:1/db")
    assert engine.dialect.driver == "psycopg"
    assert engine.pool._pre_ping  # type: ignore[attr-defined]


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    finally:
        engine.dispose()


def test_sqlite_transactions_take_the_write_lock_at_begin(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a second transaction waits for the first, even if both only read."""
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}", connect_args={"timeout": 0.2})
    try:
        with engine.connect() as first, engine.connect() as second:
            first.execute(text("SELECT 1"))  # begins the first transaction
            with pytest.raises(OperationalError, match="locked"):
                second.execute(text("SELECT 1"))
            second.rollback()
            first.commit()
            second.execute(text("SELECT 1"))
            second.commit()
    finally:
        engine.dispose()


def test_a_read_never_waits_for_the_writer_and_sees_what_was_committed(
    tmp_path: Path,
) -> None:
    """A read-only unit of work opens with a plain BEGIN: while a writer holds the lock it
    still reads (the last committed snapshot), where a writing one would wait and fail."""
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'r.db'}"
    upgrade(url)
    engine = make_engine(url, connect_args={"timeout": 0.2})
    try:
        with session_scope(engine) as session:
            session.add(ProcessedEvent(event_id="Ev-committed"))
        with engine.connect() as writer:
            writer.execute(
                text(
                    "INSERT INTO processed_event (event_id, received_at) "
                    "VALUES ('Ev-pending', '2026-12-02 00:00:00')"
                )
            )
            with read_scope(engine) as session:  # the write lock is held: no wait, no error
                seen = session.exec(select(ProcessedEvent.event_id)).all()
            assert seen == ["Ev-committed"]
            with pytest.raises(OperationalError, match="locked"), session_scope(engine) as s:
                s.exec(select(ProcessedEvent.event_id)).all()
            writer.commit()
    finally:
        engine.dispose()


def test_what_a_read_returns_stays_readable_after_it(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(ProcessedEvent(event_id="Ev4"))
    with read_scope(engine) as session:
        (found,) = session.exec(select(ProcessedEvent)).all()
    assert found.event_id == "Ev4" and found.received_at is not None


def test_a_read_only_unit_of_work_refuses_to_write_and_keeps_nothing(engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="read-only"), read_scope(engine) as session:
        session.add(ProcessedEvent(event_id="Ev3"))
        session.flush()
    with Session(engine) as session:
        assert session.exec(select(ProcessedEvent.event_id)).all() == []


def test_session_scope_commits(engine: Engine) -> None:
    with session_scope(engine) as session:
        event = ProcessedEvent(event_id="Ev1")
        session.add(event)
    assert event.event_id == "Ev1"  # still readable: expire_on_commit is off
    with Session(engine) as session:
        assert session.exec(select(ProcessedEvent.event_id)).all() == ["Ev1"]


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.add(ProcessedEvent(event_id="Ev2"))
        session.flush()
        raise RuntimeError("boom")
    with Session(engine) as session:
        assert session.exec(select(ProcessedEvent.event_id)).all() == []


def test_check_database(engine: Engine) -> None:
    assert check_database(engine) is True


def test_check_database_reports_an_unreachable_database(tmp_path: Path) -> None:
    assert check_database(make_engine(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")) is False
    refused = make_engine(
        "postgresql://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2}
    )
    assert check_database(refused) is False
