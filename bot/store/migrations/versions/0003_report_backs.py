"""Report-backs: members' reports, their Slack DMs and time zones, dates away, reminders.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("learning_set") as batch:
        batch.add_column(
            sa.Column("reminder_hours", sa.Integer(), nullable=False, server_default="2")
        )
    op.create_table(
        "slack_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("dm_channel", sa.String(), nullable=True),
        sa.Column("tz", sa.String(), nullable=True),
        sa.Column("unreachable", sa.String(), nullable=True),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_user")),
        sa.UniqueConstraint("team_id", "user_id", name="uq_slack_user_team_id_user_id"),
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("dm_channel", sa.String(), nullable=True),
        _ts("submitted_at", nullable=True),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_report_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_report_meeting_id_user_id"),
    )
    op.create_index("ix_report_user_id", "report", ["user_id"])
    op.create_table(
        "away",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_away")),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["learning_set.id"],
            name=op.f("fk_away_set_id_learning_set"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_away_set_id_user_id", "away", ["set_id", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_away_set_id_user_id", table_name="away")
    op.drop_table("away")
    op.drop_index("ix_report_user_id", table_name="report")
    op.drop_table("report")
    op.drop_table("slack_user")
    with op.batch_alter_table("learning_set") as batch:
        batch.drop_column("reminder_hours")
