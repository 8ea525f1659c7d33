"""Every App Home asks which sets its viewer facilitates: index learning_set.facilitator_id,
which each Home scanned the whole table for (1 ms a Home at 10,000 sets).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_learning_set_facilitator_id", "learning_set", ["facilitator_id"])


def downgrade() -> None:
    op.drop_index("ix_learning_set_facilitator_id", table_name="learning_set")
