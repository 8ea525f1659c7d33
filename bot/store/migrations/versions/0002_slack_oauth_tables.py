"""slack_sdk's OAuth tables, for multi-workspace installs over HTTP.

Built with slack_sdk's own table builders and default names, so
SQLAlchemyInstallationStore and SQLAlchemyOAuthStateStore find exactly what they expect:
slack_installations, slack_bots and slack_oauth_states.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _slack_tables() -> list[sa.Table]:
    metadata = sa.MetaData()
    installations = SQLAlchemyInstallationStore
    states = SQLAlchemyOAuthStateStore
    return [
        installations.build_installations_table(
            metadata, installations.default_installations_table_name
        ),
        installations.build_bots_table(metadata, installations.default_bots_table_name),
        states.build_oauth_states_table(metadata, states.default_table_name),
    ]


def upgrade() -> None:
    for table in _slack_tables():
        # Copies: a Column belongs to one Table, and op.create_table makes a new one.
        columns = [column._copy() for column in table.columns]
        op.create_table(table.name, *columns)
        for index in table.indexes:
            op.create_index(
                index.name, table.name, [column.name for column in index.columns], unique=False
            )


def downgrade() -> None:
    for table in reversed(_slack_tables()):
        op.drop_table(table.name)
