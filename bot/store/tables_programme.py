"""Programmes of sets: a workspace's programme, its leads, and the follow-up asked of each
member months after their set closed. Everything is per workspace (`team_id`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from bot.store.types import UTCDateTime, utcnow

DEFAULT_FOLLOW_UP_DAYS = 90


class Programme(SQLModel, table=True):
    """A programme of sets in one workspace. `name_key` is the name casefolded: two
    programmes of a workspace may not share a name, whatever its case."""

    __tablename__ = "programme"
    __table_args__ = (
        UniqueConstraint("team_id", "name_key", name="uq_programme_team_id_name_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80)
    end_date: date | None = None
    digest_weekday: int = 0  # 0 = Monday, in each lead's own time zone
    digest_hour: int = 9
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS  # 0: no follow-up
    created_by: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProgrammeLead(SQLModel, table=True):
    __tablename__ = "programme_lead"
    __table_args__ = (Index("ix_programme_lead_user_id", "user_id"),)

    programme_id: int = Field(foreign_key="programme.id", ondelete="CASCADE", primary_key=True)
    user_id: str = Field(primary_key=True)
    digest_off: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    home_order: str = Field(default="risk", sa_column_kwargs={"server_default": "risk"})
    chart_key: str | None = None  # what the last programme picture showed
    chart_file_id: str | None = None  # the Slack file (in the lead's DM) holding it


class FollowUp(SQLModel, table=True):
    """One member's answer, months after their set closed, to "what has changed?"."""

    __tablename__ = "follow_up"
    __table_args__ = (
        UniqueConstraint("set_id", "user_id", name="uq_follow_up_set_id_user_id"),
        Index("ix_follow_up_programme_id", "programme_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", ondelete="CASCADE")
    set_id: int = Field(foreign_key="learning_set.id", ondelete="CASCADE")
    user_id: str
    due_at: datetime = Field(sa_type=UTCDateTime)
    status: str = "planned"  # planned | asked | answered | declined | unreachable
    changed: str = Field(default="", sa_type=Text)  # what has changed in how they work
    kept: str = Field(default="", sa_type=Text)  # what they kept doing
    shareable: bool = False
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
