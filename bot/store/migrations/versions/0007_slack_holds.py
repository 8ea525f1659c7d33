"""Slack's Retry-After, shared: a workspace's 429 holds back every worker and replica; and
a due row taken over from a dead worker remembers to look in Slack before sending again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("due_job") as batch:
        batch.add_column(sa.Column("check_from", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "slack_hold",
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "method", name=op.f("pk_slack_hold")),
    )


def downgrade() -> None:
    op.drop_table("slack_hold")
    with op.batch_alter_table("due_job") as batch:
        batch.drop_column("check_from")
