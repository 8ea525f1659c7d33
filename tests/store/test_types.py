"""Timestamps come back aware UTC; text comes back exactly as written."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError
from sqlmodel import Session, col, select

from bot.store.engine import session_scope
from bot.store.tables import Action, DueJob, LearningSet, Meeting
from bot.store.types import UTCDateTime, utcnow
from tests.store.factories import T0, new_meeting, new_set

NAIVE = datetime(2025, 3, 3, 9, 0)


def test_utcnow_is_aware_utc() -> None:
    assert utcnow().tzinfo is UTC


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_bind_refuses_naive_and_converts_to_utc(dialect: object) -> None:
    column_type = UTCDateTime()
    with pytest.raises(ValueError, match="naive"):
        column_type.process_bind_param(NAIVE, dialect)  # type: ignore[arg-type]
    ten_in_paris_winter = datetime(2025, 3, 3, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    bound = column_type.process_bind_param(ten_in_paris_winter, dialect)  # type: ignore[arg-type]
    assert bound is not None
    assert bound.replace(tzinfo=UTC) == T0


def test_roundtrip_returns_aware_utc(engine: Engine) -> None:
    tokyo = datetime(2025, 3, 3, 18, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    with session_scope(engine) as session:
        learning_set = new_set()
        session.add(learning_set)
        session.flush()
        assert learning_set.id is not None
        session.add(new_meeting(learning_set.id, scheduled_at=tokyo, started_at=T0))
    with Session(engine) as session:
        meeting = session.exec(select(Meeting)).one()
        assert meeting.scheduled_at == T0  # 18:00 in Tokyo is 09:00 UTC
        assert meeting.scheduled_at.tzinfo == UTC
        assert meeting.started_at is not None and meeting.started_at.tzinfo == UTC
        assert meeting.ended_at is None
        stored = session.exec(select(LearningSet)).one()
        assert stored.created_at.tzinfo == UTC
        assert abs(stored.created_at - utcnow()) < timedelta(minutes=1)


def test_microseconds_survive(engine: Engine) -> None:
    precise = T0.replace(microsecond=123456)
    with session_scope(engine) as session:
        session.add(DueJob(key="k", kind="timer", due_at=precise))
    with Session(engine) as session:
        assert session.exec(select(DueJob.due_at)).one() == precise


def test_writing_a_naive_datetime_is_refused(engine: Engine) -> None:
    with pytest.raises(StatementError) as caught, session_scope(engine) as session:
        session.add(DueJob(key="k", kind="timer", due_at=NAIVE))
    assert isinstance(caught.value.orig, ValueError)


def test_comparisons_across_time_zones(engine: Engine) -> None:
    """Due times compare as instants, whatever zone the query's datetime is in."""
    with session_scope(engine) as session:
        for minutes in range(-2, 3):
            key = f"job:{minutes}"
            session.add(DueJob(key=key, kind="timer", due_at=T0 + timedelta(minutes=minutes)))
    new_york_now = T0.astimezone(ZoneInfo("America/New_York"))
    with Session(engine) as session:
        due = session.exec(
            select(DueJob.key).where(DueJob.due_at <= new_york_now).order_by(col(DueJob.due_at))
        ).all()
    assert due == ["job:-2", "job:-1", "job:0"]


UNICODE_TEXTS = {
    "emoji": "Next step 🚀 talk to 👩🏽‍💻 and 🇬🇧 team 🎉",
    "arabic": "ما الذي تعلمته من هذا الاجتماع؟",
    "hebrew": "מה למדתי מהפגישה הזאת?",
    "mixed": "Plan: ask ‏שאלה‏ then سؤال — 完了 ✅",
    "long": ("Ünïcödé 🙂 " * 500)[:5000],
}


@pytest.mark.parametrize("label", sorted(UNICODE_TEXTS))
def test_unicode_text_roundtrips(engine: Engine, label: str) -> None:
    text = UNICODE_TEXTS[label]
    with session_scope(engine) as session:
        learning_set = new_set(ground_rules=text, theme=text[:200], name=text[:80])
        session.add(learning_set)
        session.flush()
        assert learning_set.id is not None
        meeting = new_meeting(learning_set.id, state=json.dumps({"note": text}, ensure_ascii=False))
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        session.add(
            Action(
                set_id=learning_set.id,
                meeting_id=meeting.id,
                owner_id="U1",
                created_by="U1",
                text=text,
                expectation=text,
            )
        )
    with Session(engine) as session:
        stored_set = session.exec(select(LearningSet)).one()
        assert (stored_set.ground_rules, stored_set.name) == (text, text[:80])
        state = session.exec(select(Meeting.state)).one()
        assert json.loads(state) == {"note": text}
        assert text in state  # stored as characters, not \u escapes
        action = session.exec(select(Action)).one()
        assert (action.text, action.expectation) == (text, text)
    assert len(UNICODE_TEXTS["long"]) == 5000
