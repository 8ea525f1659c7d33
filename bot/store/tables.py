"""SQLModel tables: the database's shape, kept apart from the domain types in ``bot.flows``.

Alembic owns the schema (``bot/store/migrations``); a test checks the migrations and these
classes agree. Every timestamp is a :class:`UTCDateTime` (aware UTC in, aware UTC out).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint, false, text, true
from sqlmodel import Field, SQLModel

import bot.store.naming  # noqa: F401  (constraint names, before any table)
from bot.flows.actions import ActionStatus
from bot.flows.meeting_state import Phase
from bot.flows.set_life_state import SetStatus
from bot.store.types import UTCDateTime, utcnow

ACTIVE_ONLY = "status = 'active'"


class LearningSet(SQLModel, table=True):
    """One action learning set, bound to one Slack channel while it is active."""

    __tablename__ = "learning_set"
    __table_args__ = (
        Index(
            "uq_active_set_per_channel",
            "team_id",
            "channel_id",
            unique=True,
            sqlite_where=text(ACTIVE_ONLY),
            postgresql_where=text(ACTIVE_ONLY),
        ),
        Index("ix_learning_set_facilitator_id", "facilitator_id"),  # every Home reads it
        Index("ix_learning_set_programme_id", "programme_id"),  # every lead's Home reads it
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str
    channel_id: str
    name: str = Field(max_length=80)
    theme: str = ""
    facilitator_id: str
    rotating: bool = False
    cadence: str  # "weekly" | "biweekly" | "monthly"
    weekday: int  # 0 = Monday
    meeting_time: str  # "HH:MM" in `timezone`
    timezone: str  # IANA name, e.g. "Europe/London"
    first_date: date
    meeting_minutes: int
    meeting_count: int | None = None  # None: open-ended
    prompt_lead_hours: int
    reminder_hours: int = Field(default=2, sa_column_kwargs={"server_default": "2"})
    ground_rules: str = Field(sa_type=Text)
    status: str = SetStatus.ACTIVE.value  # or "closed" (read-only); suspended: see below
    suspended: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    nudge_questions: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    rota: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    chart_key: str | None = None  # what the last trend picture showed
    chart_file_id: str | None = None  # the Slack file holding it
    programme_id: int | None = Field(default=None, foreign_key="programme.id", ondelete="SET NULL")
    created_by: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("set_id", "user_id", name="uq_membership_set_id_user_id"),
        Index("ix_membership_user_id", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE")
    user_id: str
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Meeting(SQLModel, table=True):
    """One meeting of a set; `state` is the flows state machine's JSON, `version` guards it."""

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("set_id", "number", name="uq_meeting_set_id_number"),)

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE")
    number: int
    scheduled_at: datetime = Field(sa_type=UTCDateTime)
    phase: str = Phase.SCHEDULED.value
    state: str = Field(default="{}", sa_type=Text)
    version: int = 0  # optimistic concurrency: UPDATE ... WHERE id = ? AND version = ?
    facilitator_id: str | None = None
    control_channel: str | None = None
    control_ts: str | None = None
    brief_channel: str | None = None  # the facilitator's brief, kept up to date in place
    brief_ts: str | None = None
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The Intervene question posted while paused: its buttons go when the meeting resumes.
    intervention_ts: str | None = None
    intervention_text: str | None = Field(default=None, sa_type=Text)
    # RFC 5545 SEQUENCE of the meeting's calendar event: raised when it moves or is cancelled.
    calendar_sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Part of its calendar UID: SQLite reuses the ids of deleted rows, and a meeting planned
    # again after a suspension must not wear the UID of one cancelled in people's calendars.
    calendar_key: str | None = Field(default_factory=lambda: secrets.token_hex(6))


class Turn(SQLModel, table=True):
    __tablename__ = "turn"
    __table_args__ = (
        UniqueConstraint("meeting_id", "slot", name="uq_turn_meeting_id_slot"),
        # Every threaded message in a set's channel asks which turn the thread belongs to.
        Index("ix_turn_thread_ts", "thread_ts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    slot: int  # the slot's sequence number within the meeting
    kind: str  # "report_back" | "issue"
    user_id: str
    thread_ts: str | None = None
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome: str | None = None  # "done" | "skipped"


class Attendance(SQLModel, table=True):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id", name="uq_attendance_meeting_id_user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    user_id: str
    status: str  # "issue" | "no_issue" | "apologies" | "absent"
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Action(SQLModel, table=True):
    __tablename__ = "action"
    __table_args__ = (
        Index("ix_action_owner_id_status", "owner_id", "status"),
        Index("ix_action_set_id", "set_id"),
        Index("ix_action_meeting_id", "meeting_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE")
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    owner_id: str
    created_by: str
    text: str = Field(sa_type=Text)
    expectation: str = Field(default="", sa_type=Text)
    due_date: date | None = None
    status: str = ActionStatus.OPEN.value  # see flows.actions.ActionStatus
    note: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    outcome_text: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reported_meeting_id: int | None = None  # the meeting whose report-back carried it
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ActionChange(SQLModel, table=True):
    """One change to an action (marked, edited, noted, reported), with what it was before:
    Undo restores `before` if nothing changed the action since."""

    __tablename__ = "action_change"
    __table_args__ = (Index("ix_action_change_action_id", "action_id"),)

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", ondelete="CASCADE")
    user_id: str
    kind: str  # an ActionEventType, or "undo"
    before: str = Field(sa_type=Text)  # ActionState as JSON
    after: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    undone_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DueJob(SQLModel, table=True):
    """Work due at a time (prompt, reminder, turn timer): claimed atomically, then marked done."""

    __tablename__ = "due_job"
    __table_args__ = (
        UniqueConstraint("key", name="uq_due_job_key"),
        Index("ix_due_job_status_due_at", "status", "due_at"),
        Index("ix_due_job_meeting_id", "meeting_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str  # e.g. "timer:42:7:warn"
    kind: str
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="CASCADE")
    due_at: datetime = Field(sa_type=UTCDateTime)
    payload: str = Field(default="{}", sa_type=Text)
    status: str = "pending"  # "pending" | "claimed" | "done" | "cancelled"
    claimed_by: str | None = None
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    last_error: str | None = None
    # Taken over from a dead worker: a message sent since may be in Slack (look before posting).
    check_from: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SlackHold(SQLModel, table=True):
    """Slack answered 429 for this workspace and method: nobody calls it again before
    `until`. In the database, so every worker of every replica holds back."""

    __tablename__ = "slack_hold"

    team_id: str = Field(primary_key=True)
    method: str = Field(primary_key=True)  # "chat.postMessage"
    until: datetime = Field(sa_type=UTCDateTime)


class ProcessedEvent(SQLModel, table=True):
    """Slack event ids already handled: inserting one twice fails, so retries apply once."""

    __tablename__ = "processed_event"

    event_id: str = Field(primary_key=True)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# The report-back and learning tables live in tables_learning (this module grew past a
# screen); they are imported here so every table is reachable from bot.store.tables.
from bot.store.tables_learning import (  # noqa: E402
    Away,
    Contribution,
    Learning,
    Reflection,
    Report,
    SlackUser,
)
from bot.store.tables_programme import FollowUp, Programme, ProgrammeLead  # noqa: E402

ALL_TABLES = (
    LearningSet,
    Membership,
    Meeting,
    Turn,
    Attendance,
    Action,
    ActionChange,
    DueJob,
    ProcessedEvent,
    SlackUser,
    Report,
    Away,
    Learning,
    Reflection,
    Contribution,
    Programme,
    ProgrammeLead,
    FollowUp,
)


class CalendarSubscriber(SQLModel, table=True):
    """Someone who added a set's meetings to their calendar: moves and cancellations reach
    them as an updated `.ics`."""

    __tablename__ = "calendar_subscriber"

    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE", primary_key=True)
    user_id: str = Field(primary_key=True)
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
