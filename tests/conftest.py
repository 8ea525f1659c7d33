"""Shared fixtures.

Databases: `database_url` runs a test once on SQLite (a temp file) and once on PostgreSQL (a
fresh database on the server named by SETBOT_TEST_PG_URL, dropped afterwards). `engine` is that
database migrated to head; `session` is a Session on it.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from bot.store.engine import make_engine, normalize_url
from bot.store.migrate import upgrade

# ---------------------------------------------------------------------------------------------
# PostgreSQL availability
# ---------------------------------------------------------------------------------------------

PG_URL_ENV = "SETBOT_TEST_PG_URL"
HOW_TO_GET_PG = (
    f"`bash .ci/run` starts a throwaway server and sets {PG_URL_ENV}; or point {PG_URL_ENV} "
    "at an admin URL such as postgresql://postgres@127.0.0.1:54329/postgres"
)


def _libpq_url(url: str) -> str:
    """The URL as psycopg.connect() takes it (no SQLAlchemy driver suffix)."""
    parsed = make_url(normalize_url(url)).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


@functools.cache
def pg_unavailable_reason() -> str | None:
    """None when the PostgreSQL test server answers; otherwise why not and how to get one.

    Checked once per session, and only if a collected test needs PostgreSQL.
    """
    admin_url = os.environ.get(PG_URL_ENV)
    if not admin_url:
        return f"PostgreSQL not available: {PG_URL_ENV} is not set. {HOW_TO_GET_PG}"
    try:
        with psycopg.connect(_libpq_url(admin_url), connect_timeout=5):
            pass
    except psycopg.Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return f"PostgreSQL at {PG_URL_ENV} not reachable ({first_line}). {HOW_TO_GET_PG}"
    return None


def _needs_postgresql(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("database_url") == "postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    pg_items = [item for item in items if _needs_postgresql(item)]
    if not pg_items:
        return
    reason = pg_unavailable_reason()
    if reason is not None:
        for item in pg_items:
            item.add_marker(pytest.mark.skip(reason=reason))


@contextmanager
def fresh_pg_database(admin_url: str) -> Iterator[str]:
    """Create an empty database on the server at `admin_url`; yield its URL; drop it after."""
    name = f"setbot_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq_url(admin_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            make_url(normalize_url(admin_url))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(_libpq_url(admin_url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------------------------
# Database fixtures
# ---------------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database's SQLAlchemy URL, once per backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'setbot.db'}"
        return
    with fresh_pg_database(os.environ[PG_URL_ENV]) as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on `database_url`, migrated to the newest revision."""
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A Session on the migrated database; the test commits what it wants kept."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
