"""Programmes of sets: a workspace's programmes and their leads, the set's programme, a
learning shared with its author's name, and the follow-up months after a set closes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_key", sa.String(length=80), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("digest_weekday", sa.Integer(), nullable=False),
        sa.Column("digest_hour", sa.Integer(), nullable=False),
        sa.Column("follow_up_days", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme")),
        sa.UniqueConstraint("team_id", "name_key", name="uq_programme_team_id_name_key"),
    )
    op.create_table(
        "programme_lead",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("digest_off", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("home_order", sa.String(), nullable=False, server_default="risk"),
        sa.Column("chart_key", sa.String(), nullable=True),
        sa.Column("chart_file_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_programme_lead_programme_id_programme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("programme_id", "user_id", name=op.f("pk_programme_lead")),
    )
    op.create_index("ix_programme_lead_user_id", "programme_lead", ["user_id"])
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        _ts("due_at"),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("changed", sa.Text(), nullable=False),
        sa.Column("kept", sa.Text(), nullable=False),
        sa.Column("shareable", sa.Boolean(), nullable=False),
        _ts("answered_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_follow_up_programme_id_programme"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["learning_set.id"],
            name=op.f("fk_follow_up_set_id_learning_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
        sa.UniqueConstraint("set_id", "user_id", name="uq_follow_up_set_id_user_id"),
    )
    op.create_index("ix_follow_up_programme_id", "follow_up", ["programme_id"])
    with op.batch_alter_table("learning_set") as batch:
        batch.add_column(sa.Column("programme_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_learning_set_programme_id_programme"),
            "programme",
            ["programme_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_learning_set_programme_id", ["programme_id"])
    with op.batch_alter_table("learning") as batch:
        batch.add_column(
            sa.Column("named", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("shared_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("slack_user") as batch:
        batch.add_column(sa.Column("locale", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("slack_user") as batch:
        batch.drop_column("locale")
    with op.batch_alter_table("learning") as batch:
        batch.drop_column("shared_at")
        batch.drop_column("named")
    with op.batch_alter_table("learning_set") as batch:
        batch.drop_index("ix_learning_set_programme_id")
        batch.drop_constraint(op.f("fk_learning_set_programme_id_programme"), type_="foreignkey")
        batch.drop_column("programme_id")
    op.drop_index("ix_follow_up_programme_id", table_name="follow_up")
    op.drop_table("follow_up")
    op.drop_index("ix_programme_lead_user_id", table_name="programme_lead")
    op.drop_table("programme_lead")
    op.drop_table("programme")
