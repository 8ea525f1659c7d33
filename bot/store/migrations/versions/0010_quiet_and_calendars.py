"""A quiet channel and meetings in calendars: the Intervene question is remembered (its
message loses its buttons when the meeting resumes); each meeting's calendar SEQUENCE;
who added a set's meetings to their calendar (they get the updates).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("intervention_ts", sa.String(), nullable=True))
        batch.add_column(sa.Column("intervention_text", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("calendar_sequence", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "calendar_subscriber",
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["learning_set.id"],
            name=op.f("fk_calendar_subscriber_set_id_learning_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("set_id", "user_id", name=op.f("pk_calendar_subscriber")),
    )


def downgrade() -> None:
    op.drop_table("calendar_subscriber")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("calendar_sequence")
        batch.drop_column("intervention_text")
        batch.drop_column("intervention_ts")
