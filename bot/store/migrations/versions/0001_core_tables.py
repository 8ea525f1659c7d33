"""Core tables: sets, members, meetings, turns, attendance, actions, due jobs, events.

Revision ID: 0001
Revises:
Create Date: 2025-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE_ONLY = "status = 'active'"


def _ts(name: str, nullable: bool = False) -> sa.Column:
    # bot.store.types.UTCDateTime is a TypeDecorator over this type.
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _str(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "learning_set",
        _int("id"),
        _str("team_id"),
        _str("channel_id"),
        sa.Column("name", sa.String(length=80), nullable=False),
        _str("theme"),
        _str("facilitator_id"),
        sa.Column("rotating", sa.Boolean(), nullable=False),
        _str("cadence"),
        _int("weekday"),
        _str("meeting_time"),
        _str("timezone"),
        sa.Column("first_date", sa.Date(), nullable=False),
        _int("meeting_minutes"),
        _int("meeting_count", nullable=True),
        _int("prompt_lead_hours"),
        sa.Column("ground_rules", sa.Text(), nullable=False),
        _str("status"),
        _str("created_by"),
        _ts("created_at"),
        _ts("updated_at"),
        _pk("learning_set"),
    )
    op.create_index(
        "uq_active_set_per_channel",
        "learning_set",
        ["team_id", "channel_id"],
        unique=True,
        sqlite_where=sa.text(ACTIVE_ONLY),
        postgresql_where=sa.text(ACTIVE_ONLY),
    )

    op.create_table(
        "membership",
        _int("id"),
        _int("set_id"),
        _str("user_id"),
        _ts("joined_at"),
        _pk("membership"),
        _fk("membership", "set_id", "learning_set"),
        sa.UniqueConstraint("set_id", "user_id", name=op.f("uq_membership_set_id_user_id")),
    )
    op.create_index("ix_membership_user_id", "membership", ["user_id"])

    op.create_table(
        "meeting",
        _int("id"),
        _int("set_id"),
        _int("number"),
        _ts("scheduled_at"),
        _str("phase"),
        sa.Column("state", sa.Text(), nullable=False),
        _int("version"),
        _str("facilitator_id", nullable=True),
        _str("control_channel", nullable=True),
        _str("control_ts", nullable=True),
        _ts("started_at", nullable=True),
        _ts("ended_at", nullable=True),
        _pk("meeting"),
        _fk("meeting", "set_id", "learning_set"),
        sa.UniqueConstraint("set_id", "number", name=op.f("uq_meeting_set_id_number")),
    )

    op.create_table(
        "turn",
        _int("id"),
        _int("meeting_id"),
        _int("slot"),
        _str("kind"),
        _str("user_id"),
        _str("thread_ts", nullable=True),
        _ts("started_at"),
        _ts("ended_at", nullable=True),
        _str("outcome", nullable=True),
        _pk("turn"),
        _fk("turn", "meeting_id", "meeting"),
        sa.UniqueConstraint("meeting_id", "slot", name=op.f("uq_turn_meeting_id_slot")),
    )

    op.create_table(
        "attendance",
        _int("id"),
        _int("meeting_id"),
        _str("user_id"),
        _str("status"),
        _ts("updated_at"),
        _pk("attendance"),
        _fk("attendance", "meeting_id", "meeting"),
        sa.UniqueConstraint("meeting_id", "user_id", name=op.f("uq_attendance_meeting_id_user_id")),
    )

    op.create_table(
        "action",
        _int("id"),
        _int("set_id"),
        _int("meeting_id"),
        _str("owner_id"),
        _str("created_by"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("expectation", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        _str("status"),
        _ts("created_at"),
        _ts("updated_at"),
        _pk("action"),
        _fk("action", "set_id", "learning_set"),
        _fk("action", "meeting_id", "meeting"),
    )
    op.create_index("ix_action_owner_id_status", "action", ["owner_id", "status"])
    op.create_index("ix_action_set_id", "action", ["set_id"])
    op.create_index("ix_action_meeting_id", "action", ["meeting_id"])

    op.create_table(
        "due_job",
        _int("id"),
        _str("key"),
        _str("kind"),
        _int("meeting_id", nullable=True),
        _ts("due_at"),
        sa.Column("payload", sa.Text(), nullable=False),
        _str("status"),
        _str("claimed_by", nullable=True),
        _ts("claimed_at", nullable=True),
        _ts("done_at", nullable=True),
        _int("attempts"),
        _str("last_error", nullable=True),
        _pk("due_job"),
        _fk("due_job", "meeting_id", "meeting"),
        sa.UniqueConstraint("key", name=op.f("uq_due_job_key")),
    )
    op.create_index("ix_due_job_status_due_at", "due_job", ["status", "due_at"])
    op.create_index("ix_due_job_meeting_id", "due_job", ["meeting_id"])

    op.create_table(
        "processed_event",
        _str("event_id"),
        _ts("received_at"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_processed_event")),
    )


def downgrade() -> None:
    for table in (
        "processed_event",
        "due_job",
        "action",
        "attendance",
        "turn",
        "meeting",
        "membership",
        "learning_set",
    ):
        op.drop_table(table)
