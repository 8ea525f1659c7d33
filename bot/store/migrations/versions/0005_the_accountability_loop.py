"""The accountability loop: an action's outcome and its history (for Undo), the one report
message and prompt in each member's DM, the facilitator's brief kept up to date, and the
issue a member might bring to a set's first meeting.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("outcome_text", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reported_meeting_id", sa.Integer(), nullable=True))
    op.create_table(
        "action_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_change")),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name="fk_action_change_action_id_action",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_action_change_action_id", "action_change", ["action_id"])
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("prompt_ts", sa.String(), nullable=True))
        batch.add_column(sa.Column("reminder_ts", sa.String(), nullable=True))
        batch.add_column(sa.Column("shown_ts", sa.String(), nullable=True))
        batch.add_column(sa.Column("issue_hint", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("brief_channel", sa.String(), nullable=True))
        batch.add_column(sa.Column("brief_ts", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("brief_ts")
        batch.drop_column("brief_channel")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("issue_hint")
        batch.drop_column("shown_ts")
        batch.drop_column("reminder_ts")
        batch.drop_column("prompt_ts")
    op.drop_index("ix_action_change_action_id", table_name="action_change")
    op.drop_table("action_change")
    with op.batch_alter_table("action") as batch:
        batch.drop_column("reported_meeting_id")
        batch.drop_column("reported_at")
        batch.drop_column("outcome_text")
