"""The reads run with Core: the same answers as the ORM's, detached in a read-only unit of
work, in the session (and saved when changed) in a writing one, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, inspect

from bot.store import meeting_outlook, repo_meetings, repo_sets
from bot.store.engine import read_scope, session_scope
from bot.store.tables import LearningSet, Meeting
from tests.store.test_repositories import NOW, make_set


def _orm_view(engine: Engine, set_id: int) -> tuple[dict[str, object], list[dict[str, object]]]:
    with session_scope(engine) as session:
        row = session.get(LearningSet, set_id)
        assert row is not None
        meetings = repo_meetings.meetings_of_set(session=session, set_id=set_id)
        return row.model_dump(), [m.model_dump() for m in meetings]


def test_a_read_only_unit_of_work_reads_what_the_orm_reads_detached(engine: Engine) -> None:
    set_id = make_set(engine)
    orm_set, orm_meetings = _orm_view(engine, set_id)
    with read_scope(engine) as session:
        row = repo_sets.get_active_set(session=session, team_id="T1", channel_id="C1")
        scheduled = repo_meetings.scheduled_meetings(session=session, set_id=set_id)
        assert row is not None and inspect(row).detached and row not in session
        assert all(inspect(m).detached for m in scheduled)
    assert row.model_dump() == orm_set
    assert row.created_at.tzinfo is not None  # the column types applied, as the ORM's
    assert [m.model_dump() for m in scheduled] == orm_meetings
    assert [m.number for m in scheduled] == [1, 2, 3]
    with read_scope(engine) as session:
        assert repo_sets.get_active_set(session=session, team_id="T1", channel_id="C9") is None


def test_in_a_writing_unit_of_work_what_is_read_is_saved_when_changed(engine: Engine) -> None:
    set_id = make_set(engine)
    with session_scope(engine) as session:
        row = repo_sets.get_active_set(session=session, team_id="T1", channel_id="C1")
        assert row is not None and inspect(row).persistent
        row.name = "Renamed"
        (first, *_) = repo_meetings.scheduled_meetings(session=session, set_id=set_id)
        assert inspect(first).persistent
        first.scheduled_at = datetime(2026, 12, 24, 9, tzinfo=UTC)
    with read_scope(engine) as session:
        again = repo_sets.get_active_set(session=session, team_id="T1", channel_id="C1")
        moved = repo_meetings.next_scheduled(session=session, set_id=set_id)
    assert again is not None and again.name == "Renamed"
    assert moved is not None and moved.scheduled_at == datetime(2026, 12, 24, 9, tzinfo=UTC)


def test_a_core_read_sees_the_changes_its_unit_of_work_has_not_flushed(engine: Engine) -> None:
    set_id = make_set(engine)
    with session_scope(engine) as session:
        repo_sets.add_members(session=session, set_id=set_id, user_ids=["UC"], now=NOW)
        session.add(Meeting(set_id=set_id, number=9, scheduled_at=NOW, phase="closed"))
        live = repo_meetings.LIVE[0]
        session.add(Meeting(set_id=set_id, number=8, scheduled_at=NOW, started_at=NOW, phase=live))
        # not flushed yet: the Core reads flush first, as the ORM's autoflush would
        assert repo_sets.list_members(session=session, set_id=set_id) == ["UA", "UB", "UC"]
        outlook = meeting_outlook.outlook(session=session, set_id=set_id)
    assert outlook.held == 1 and outlook.running == 8
    assert outlook.next_number == 1 and outlook.next_at == NOW + timedelta(days=3)
