"""Alembic owns the schema: migrations apply from empty, repeat harmlessly, match the tables."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import bot.store.tables  # noqa: F401  (registers the tables)
from bot.store.engine import make_engine
from bot.store.migrate import OAUTH_TABLE_NAMES, alembic_config, current_revision, upgrade

APP_TABLES = {table.name for table in SQLModel.metadata.sorted_tables}


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_one_head_and_it_is_the_programmes_migration() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert script.get_heads() == ["0012"]


def test_upgrade_from_empty_creates_every_table(database_url: str) -> None:
    assert current_revision(database_url) is None
    upgrade(database_url)
    assert current_revision(database_url) == _head()
    assert _table_names(database_url) == APP_TABLES | OAUTH_TABLE_NAMES | {"alembic_version"}


def test_upgrade_is_idempotent(database_url: str) -> None:
    upgrade(database_url)
    before = _table_names(database_url)
    upgrade(database_url)
    upgrade(database_url)
    assert current_revision(database_url) == _head()
    assert _table_names(database_url) == before


def test_downgrade_to_base_and_back(database_url: str) -> None:
    upgrade(database_url)
    command.downgrade(alembic_config(database_url), "base")
    assert _table_names(database_url) == {"alembic_version"}
    upgrade(database_url)
    assert current_revision(database_url) == _head()


def _diffs(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def _is_oauth_table_diff(diff: Any) -> bool:
    # slack_sdk's tables (migration 0002) are not in SQLModel.metadata: dropping them and
    # their indexes is the only difference compare_metadata may report.
    if diff[0] == "remove_table":
        return diff[1].name in OAUTH_TABLE_NAMES
    return diff[0] == "remove_index" and diff[1].table.name in OAUTH_TABLE_NAMES


def test_migrated_schema_matches_the_tables(engine: Engine) -> None:
    diffs = _diffs(engine)
    removed_tables = {diff[1].name for diff in diffs if diff[0] == "remove_table"}
    assert removed_tables == OAUTH_TABLE_NAMES
    assert [diff for diff in diffs if not _is_oauth_table_diff(diff)] == []


def test_oauth_tables_match_what_slack_sdk_stores_expect(engine: Engine) -> None:
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    installations = SQLAlchemyInstallationStore(client_id="111.222", engine=engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
    inspector = inspect(engine)
    for table in [*installations.metadata.sorted_tables, *states.metadata.sorted_tables]:
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        assert columns == set(table.columns.keys()), table.name

    state = states.issue()
    assert states.consume(state) is True
    assert states.consume(state) is False


@pytest.mark.parametrize("table", sorted(APP_TABLES))
def test_every_timestamp_column_is_utc_datetime(table: str) -> None:
    from sqlalchemy import Date, DateTime

    from bot.store.types import UTCDateTime

    for column in SQLModel.metadata.tables[table].columns:
        if isinstance(column.type, DateTime) and not isinstance(column.type, Date):
            pytest.fail(f"{table}.{column.name} is a plain DateTime: use UTCDateTime")
        if column.name.endswith("_at"):
            assert isinstance(column.type, UTCDateTime), f"{table}.{column.name}"
