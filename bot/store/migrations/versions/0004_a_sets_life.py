"""A set's life: learnings and reflections, questions in turn threads, suspend and close,
the facilitation rota, action notes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete="CASCADE"
    )


def upgrade() -> None:
    with op.batch_alter_table("learning_set") as batch:
        batch.add_column(
            sa.Column("suspended", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("nudge_questions", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("rota", sa.Text(), nullable=False, server_default=""))
        batch.add_column(_ts("closed_at", nullable=True))
        batch.add_column(sa.Column("chart_key", sa.String(), nullable=True))
        batch.add_column(sa.Column("chart_file_id", sa.String(), nullable=True))
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "learning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("shareable", sa.Boolean(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning")),
        _fk("learning", "set_id", "learning_set"),
        _fk("learning", "meeting_id", "meeting"),
        sa.UniqueConstraint(
            "meeting_id", "user_id", "source", name="uq_learning_meeting_id_user_id_source"
        ),
    )
    op.create_index("ix_learning_set_id", "learning", ["set_id"])
    op.create_index("ix_learning_user_id", "learning", ["user_id"])
    op.create_table(
        "reflection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection")),
        _fk("reflection", "set_id", "learning_set"),
        _fk("reflection", "meeting_id", "meeting"),
        sa.UniqueConstraint(
            "meeting_id", "user_id", "final", name="uq_reflection_meeting_id_user_id_final"
        ),
    )
    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("ts", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("presenter_id", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("is_question", sa.Boolean(), nullable=False),
        sa.Column("starred_by", sa.String(), nullable=True),
        _ts("starred_at", nullable=True),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution")),
        _fk("contribution", "set_id", "learning_set"),
        _fk("contribution", "meeting_id", "meeting"),
        sa.UniqueConstraint("channel_id", "ts", name="uq_contribution_channel_id_ts"),
    )
    op.create_index("ix_contribution_meeting_id", "contribution", ["meeting_id"])
    op.create_index("ix_contribution_set_id", "contribution", ["set_id"])
    op.create_index("ix_turn_thread_ts", "turn", ["thread_ts"])


def downgrade() -> None:
    op.drop_index("ix_turn_thread_ts", table_name="turn")
    op.drop_index("ix_contribution_set_id", table_name="contribution")
    op.drop_index("ix_contribution_meeting_id", table_name="contribution")
    op.drop_table("contribution")
    op.drop_table("reflection")
    op.drop_index("ix_learning_user_id", table_name="learning")
    op.drop_index("ix_learning_set_id", table_name="learning")
    op.drop_table("learning")
    with op.batch_alter_table("action") as batch:
        batch.drop_column("note")
    with op.batch_alter_table("learning_set") as batch:
        for column in (
            "chart_file_id",
            "chart_key",
            "closed_at",
            "rota",
            "nudge_questions",
            "suspended",
        ):
            batch.drop_column(column)
