"""SQLModel tables of report-backs and learning: the Slack users the bot knows, report-backs,
days away, learnings, reflections and questions in turn threads. Part of `bot.store.tables`
(import them from there): the naming convention is set before these tables exist."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

import bot.store.naming  # noqa: F401  (constraint names, before any table)
from bot.store.types import UTCDateTime, utcnow


class SlackUser(SQLModel, table=True):
    """What the bot keeps of a Slack user: their DM with it (opened once), their time zone,
    and why they can't be reached, if Slack said so."""

    __tablename__ = "slack_user"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_slack_user_team_id_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str
    user_id: str
    dm_channel: str | None = None
    tz: str | None = None
    locale: str | None = None  # Slack's, e.g. "en-US": which stop words a theme leaves out
    unreachable: str | None = None  # Slack's error, e.g. "user_not_found"
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Report(SQLModel, table=True):
    """A member's report-back for one meeting; `data` is the flows Report as JSON."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id", name="uq_report_meeting_id_user_id"),
        Index("ix_report_user_id", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    user_id: str
    data: str = Field(default="{}", sa_type=Text)
    complete: bool = False
    dm_channel: str | None = None
    prompt_ts: str | None = None  # the prompt in their DM: closed cleanly when the meeting starts
    reminder_ts: str | None = None  # the reminder, likewise
    shown_ts: str | None = None  # the one message showing the report, updated on every edit
    # other DM messages of this report-back with live buttons ("kind:ts", space-separated:
    # apologies sent, nothing to send, an action question): closed with the meeting
    live_ts: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    issue_hint: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Away(SQLModel, table=True):
    """Days a member will be away: apologies go to every meeting in between."""

    __tablename__ = "away"
    __table_args__ = (Index("ix_away_set_id_user_id", "set_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE")
    user_id: str
    first_day: date
    last_day: date
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Learning(SQLModel, table=True):
    """Something a member said they learned: private to the set unless they share it."""

    __tablename__ = "learning"
    __table_args__ = (
        UniqueConstraint(
            "meeting_id", "user_id", "source", name="uq_learning_meeting_id_user_id_source"
        ),
        Index("ix_learning_set_id", "set_id"),
        Index("ix_learning_user_id", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE")
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    user_id: str
    source: str  # "report" | "reflection" | "final"
    text: str = Field(sa_type=Text)
    shareable: bool = False
    # Shared with the author's name: a programme lead sees who said it (else nobody's).
    named: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    shared_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # when it last was
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Reflection(SQLModel, table=True):
    """A member's reflection on a meeting (or, `final`, on the whole set)."""

    __tablename__ = "reflection"
    __table_args__ = (
        UniqueConstraint(
            "meeting_id", "user_id", "final", name="uq_reflection_meeting_id_user_id_final"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE")
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    user_id: str
    final: bool = False
    answers: str = Field(default="[]", sa_type=Text)
    rating: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Contribution(SQLModel, table=True):
    """A message in an issue round's thread: a question (counted) or a statement."""

    __tablename__ = "contribution"
    __table_args__ = (
        UniqueConstraint("channel_id", "ts", name="uq_contribution_channel_id_ts"),
        Index("ix_contribution_meeting_id", "meeting_id"),
        Index("ix_contribution_set_id", "set_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE")
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    slot: int
    channel_id: str
    ts: str
    user_id: str
    presenter_id: str
    step: str  # the issue round's step when it was written
    text: str = Field(sa_type=Text)
    is_question: bool
    starred_by: str | None = None
    starred_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
