"""Forgetting a member of one set: their words blanked, their rows relabelled, counts kept."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from bot.flows.actions import dumps, loads
from bot.store.tables import (
    Action,
    ActionChange,
    Attendance,
    Away,
    Contribution,
    Learning,
    Meeting,
    Membership,
    Reflection,
    Report,
    Turn,
)
from bot.store.tables_programme import FollowUp

REMOVED = "(removed at the member's request)"


def has_traces(*, session: Session, set_id: int, user_id: str) -> bool:
    """Whether the set holds anything of this user: membership, a report or an action."""
    meetings = select(Meeting.id).where(Meeting.set_id == set_id)
    found = (
        select(Membership.id).where(Membership.set_id == set_id, Membership.user_id == user_id),
        select(Report.id).where(Report.user_id == user_id, col(Report.meeting_id).in_(meetings)),
        select(Action.id).where(Action.set_id == set_id, Action.owner_id == user_id),
    )
    return any(session.exec(query).first() is not None for query in found)


def anonymise(*, session: Session, set_id: int, user_id: str, alias: str) -> None:
    """Blank the user's words in the set and put `alias` wherever they were counted."""
    meetings = select(Meeting.id).where(Meeting.set_id == set_id)
    in_set = col(Report.meeting_id).in_(meetings)
    session.execute(
        update(Report)
        .where(col(Report.user_id) == user_id, in_set)
        .values(user_id=alias, data="{}", dm_channel=None)
    )
    session.execute(
        update(Action)
        .where(col(Action.set_id) == set_id, col(Action.owner_id) == user_id)
        .values(owner_id=alias, text=REMOVED, expectation="", note="", outcome_text="")
    )
    _forget_changes(session, set_id, user_id, alias)
    session.execute(
        update(Action)
        .where(col(Action.set_id) == set_id, col(Action.created_by) == user_id)
        .values(created_by=alias)
    )
    session.execute(
        update(Reflection)
        .where(col(Reflection.set_id) == set_id, col(Reflection.user_id) == user_id)
        .values(user_id=alias, answers="[]")
    )
    session.execute(
        delete(Learning).where(col(Learning.set_id) == set_id, col(Learning.user_id) == user_id)
    )
    # A follow-up months later: its words go, it is asked no more, it counts as withdrawn.
    session.execute(
        update(FollowUp)
        .where(col(FollowUp.set_id) == set_id, col(FollowUp.user_id) == user_id)
        .values(user_id=alias, changed="", kept="", shareable=False, status="declined")
    )
    session.execute(
        update(Contribution)
        .where(col(Contribution.set_id) == set_id, col(Contribution.user_id) == user_id)
        .values(user_id=alias, text=REMOVED)
    )
    for column in ("starred_by", "presenter_id"):
        session.execute(
            update(Contribution)
            .where(col(Contribution.set_id) == set_id, getattr(Contribution, column) == user_id)
            .values({column: alias})
        )
    for table in (Attendance, Turn):
        session.execute(
            update(table)
            .where(col(table.user_id) == user_id, col(table.meeting_id).in_(meetings))
            .values(user_id=alias)
        )
    session.execute(delete(Away).where(col(Away.set_id) == set_id, col(Away.user_id) == user_id))
    for meeting in session.exec(select(Meeting).where(Meeting.set_id == set_id)):
        if user_id in meeting.state:
            meeting.state = meeting.state.replace(user_id, alias)
        if meeting.facilitator_id == user_id:
            meeting.facilitator_id = alias
        session.add(meeting)


def _forget_changes(session: Session, set_id: int, user_id: str, alias: str) -> None:
    """The history of their actions keeps what Undo and the record count (statuses, the
    meeting reported to), not their words."""
    changes = session.exec(
        select(ActionChange)
        .join(Action, col(Action.id) == col(ActionChange.action_id))
        .where(col(Action.set_id) == set_id, col(Action.owner_id) == alias)
    )
    for change in changes:
        change.before, change.after = _words_out(change.before), _words_out(change.after)
        if change.user_id == user_id:
            change.user_id = alias
        session.add(change)


def _words_out(state: str) -> str:
    found = loads(state)
    return dumps(replace(found, text=REMOVED, expectation="", note="", outcome_text=""))
