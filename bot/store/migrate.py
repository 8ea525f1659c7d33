"""Run the Alembic migrations in bot/store/migrations, configured in code (no alembic.ini)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.pool import NullPool

from bot.store.engine import make_engine, normalize_url

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Created by migration 0002 with slack_sdk's own table builders; not in SQLModel.metadata.
OAUTH_TABLE_NAMES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})


def alembic_config(url: str) -> Config:
    """An Alembic Config for `url`, for ``alembic.command`` (upgrade, revision, history…).

    A developer can autogenerate a revision with
    ``command.revision(alembic_config(url), autogenerate=True, message="…")``.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Passed as an attribute, not a main option: configparser would choke on "%" in passwords.
    config.attributes["url"] = normalize_url(url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision` (default: the newest). Safe to repeat."""
    config = alembic_config(url)
    engine = make_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        # Batch migrations rebuild SQLite tables (copy, drop, rename); with foreign keys on,
        # dropping the old table would cascade. Turn them off for the migration connection.
        @event.listens_for(engine, "connect")
        def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    try:
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    """The revision the database at `url` is at, or None before the first migration."""
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
