"""The database refuses what the domain forbids, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, func, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from bot.store.engine import session_scope
from bot.store.tables import (
    Action,
    Attendance,
    DueJob,
    LearningSet,
    Meeting,
    Membership,
    ProcessedEvent,
    Turn,
)
from tests.store.factories import T0, new_meeting, new_set


def _add(session: Session, *rows: object) -> None:
    session.add_all(rows)
    session.commit()


def _count(session: Session, table: type[SQLModel]) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_partial_unique_index_is_in_the_schema(engine: Engine) -> None:
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("learning_set")}
    index = indexes["uq_active_set_per_channel"]
    assert index["unique"]
    assert index["column_names"] == ["team_id", "channel_id"]
    where = str(index.get("dialect_options", {}).get(f"{engine.dialect.name}_where"))
    assert "status" in where and "active" in where


def test_second_active_set_in_a_channel_is_refused(session: Session) -> None:
    _add(session, new_set(name="First"))
    session.add(new_set(name="Second"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_closed_sets_do_not_block_a_new_active_one(session: Session) -> None:
    _add(
        session,
        new_set(name="Old", status="closed"),
        new_set(name="Older", status="closed"),
        new_set(name="Current"),
        new_set(name="Elsewhere", channel_id="C2"),
        new_set(name="Other team", team_id="T2"),
    )
    active = session.exec(select(LearningSet.name).where(LearningSet.status == "active")).all()
    assert sorted(active) == ["Current", "Elsewhere", "Other team"]


def test_closing_a_set_frees_its_channel(session: Session) -> None:
    first = new_set(name="First")
    _add(session, first)
    first.status = "closed"
    _add(session, first, new_set(name="Second"))


def test_duplicate_membership_is_refused(session: Session) -> None:
    learning_set = new_set()
    _add(session, learning_set)
    assert learning_set.id is not None
    _add(session, Membership(set_id=learning_set.id, user_id="U2"))
    session.add(Membership(set_id=learning_set.id, user_id="U2"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_duplicate_due_job_key_is_refused(session: Session) -> None:
    _add(session, DueJob(key="timer:42:7:warn", kind="timer", due_at=T0))
    session.add(DueJob(key="timer:42:7:warn", kind="timer", due_at=T0))
    with pytest.raises(IntegrityError):
        session.commit()


def test_duplicate_meeting_number_turn_slot_and_attendance_are_refused(engine: Engine) -> None:
    with session_scope(engine) as session:
        learning_set = new_set()
        session.add(learning_set)
        session.flush()
        assert learning_set.id is not None
        meeting = new_meeting(learning_set.id)
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        set_id, meeting_id = learning_set.id, meeting.id
        session.add(Turn(meeting_id=meeting_id, slot=1, kind="report_back", user_id="U1"))
        session.add(Attendance(meeting_id=meeting_id, user_id="U1", status="issue"))
    duplicates = [
        new_meeting(set_id),
        Turn(meeting_id=meeting_id, slot=1, kind="issue", user_id="U2"),
        Attendance(meeting_id=meeting_id, user_id="U1", status="absent"),
    ]
    for duplicate in duplicates:
        with pytest.raises(IntegrityError), session_scope(engine) as session:
            session.add(duplicate)


def test_duplicate_processed_event_is_refused(session: Session) -> None:
    _add(session, ProcessedEvent(event_id="Ev123"))
    session.add(ProcessedEvent(event_id="Ev123"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(Membership(set_id=999_999, user_id="U1"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_deleting_a_set_deletes_its_memberships(session: Session) -> None:
    doomed, kept = new_set(name="Doomed"), new_set(name="Kept", channel_id="C2")
    _add(session, doomed, kept)
    assert doomed.id is not None and kept.id is not None
    _add(
        session,
        *(Membership(set_id=doomed.id, user_id=f"U{n}") for n in range(5)),
        Membership(set_id=kept.id, user_id="U1"),
    )
    session.exec(delete(LearningSet).where(col(LearningSet.id) == doomed.id))
    session.commit()
    assert session.exec(select(Membership.set_id)).all() == [kept.id]


def test_deleting_a_set_deletes_its_meetings_and_their_rows(session: Session) -> None:
    learning_set = new_set()
    _add(session, learning_set)
    assert learning_set.id is not None
    meeting = new_meeting(learning_set.id)
    _add(session, meeting)
    assert meeting.id is not None
    _add(
        session,
        Turn(meeting_id=meeting.id, slot=1, kind="issue", user_id="U1"),
        Attendance(meeting_id=meeting.id, user_id="U1", status="issue"),
        Action(
            set_id=learning_set.id,
            meeting_id=meeting.id,
            owner_id="U1",
            created_by="U1",
            text="Talk to finance",
            expectation="A budget",
        ),
        DueJob(key="prompt:1", kind="prompt", meeting_id=meeting.id, due_at=T0),
    )
    session.exec(delete(LearningSet).where(col(LearningSet.id) == learning_set.id))
    session.commit()
    tables: list[type[SQLModel]] = [Meeting, Turn, Attendance, Action, DueJob]
    for table in tables:
        assert _count(session, table) == 0, table.__name__
