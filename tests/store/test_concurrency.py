"""Optimistic concurrency: UPDATE ... WHERE id = ? AND version = ? applies once."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from bot.store.engine import session_scope
from bot.store.tables import Meeting
from tests.store.factories import new_meeting, new_set


def _meeting(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        learning_set = new_set()
        session.add(learning_set)
        session.flush()
        assert learning_set.id is not None
        meeting = new_meeting(learning_set.id)
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        return meeting.id, meeting.version


def _save_if_unchanged(engine: Engine, meeting_id: int, seen_version: int, state: str) -> bool:
    """The optimistic write: succeeds only if nobody saved since `seen_version` was read."""
    with session_scope(engine) as session:
        result = session.execute(
            update(Meeting)
            .where(Meeting.id == meeting_id, Meeting.version == seen_version)  # type: ignore[arg-type]
            .values(state=state, version=seen_version + 1)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def _stored(engine: Engine, meeting_id: int) -> tuple[str, int]:
    with Session(engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.id == meeting_id)).one()
        return meeting.state, meeting.version


def test_second_writer_with_a_stale_version_changes_nothing(engine: Engine) -> None:
    meeting_id, version = _meeting(engine)
    first_reader_saw = second_reader_saw = version
    assert _save_if_unchanged(engine, meeting_id, first_reader_saw, '{"by": "first"}')
    assert not _save_if_unchanged(engine, meeting_id, second_reader_saw, '{"by": "second"}')
    assert _stored(engine, meeting_id) == ('{"by": "first"}', version + 1)


def test_racing_writers_apply_exactly_once(engine: Engine) -> None:
    meeting_id, version = _meeting(engine)
    racers = 8
    start = threading.Barrier(racers)
    results: list[bool] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def click(n: int) -> None:
        try:
            start.wait(timeout=10)
            applied = _save_if_unchanged(engine, meeting_id, version, f'{{"by": {n}}}')
            with lock:
                results.append(applied)
        except BaseException as error:  # reported below, not lost in the thread
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=click, args=(n,)) for n in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == [False] * (racers - 1) + [True]
    assert _stored(engine, meeting_id)[1] == version + 1


def test_orm_reads_then_conditional_write_in_two_sessions(engine: Engine) -> None:
    """The pattern a service follows: load, compute, write back guarded by the loaded version."""
    meeting_id, _ = _meeting(engine)
    with Session(engine) as session:
        loaded_a = session.exec(select(Meeting).where(Meeting.id == meeting_id)).one()
    with Session(engine) as session:
        loaded_b = session.exec(select(Meeting).where(Meeting.id == meeting_id)).one()
    assert _save_if_unchanged(engine, meeting_id, loaded_a.version, '{"phase": "a"}')
    assert not _save_if_unchanged(engine, meeting_id, loaded_b.version, '{"phase": "b"}')
    reloaded_state, reloaded_version = _stored(engine, meeting_id)
    assert reloaded_state == '{"phase": "a"}'
    assert _save_if_unchanged(engine, meeting_id, reloaded_version, '{"phase": "b"}')
