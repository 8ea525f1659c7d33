"""Alembic environment: SQLModel.metadata from bot.store.tables is the target.

Normally driven by :func:`bot.store.migrate.upgrade`, which hands over a connection in
``config.attributes["connection"]`` (or a URL in ``config.attributes["url"]``).
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import bot.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from bot.store.engine import make_engine
from bot.store.migrate import OAUTH_TABLE_NAMES

config = context.config
target_metadata = SQLModel.metadata

# Any 64-bit number will do: serialises concurrent `migrate` runs against one PostgreSQL.
PG_MIGRATION_LOCK = 7_301_942_118


def include_name(name: str | None, type_: str, _parents: Any) -> bool:
    """Keep slack_sdk's OAuth tables (migration 0002) out of autogenerate's comparisons."""
    return not (type_ == "table" and name in OAUTH_TABLE_NAMES)


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: use bot.store.migrate.upgrade(url)")
    return str(url)


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection: Any) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})"))
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
