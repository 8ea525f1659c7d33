"""Recording a batch of sent prompts: what one-by-one recording would leave, in a few
statements, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import select

from bot.store import repo_reports
from bot.store.engine import session_scope
from bot.store.repo_prompts import PromptRecord, record_prompts
from bot.store.tables import Report
from tests.store.factories import new_meeting, new_set

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def record(meeting: int, user: str, ts: str, **overrides: object) -> PromptRecord:
    values: dict = dict(
        meeting_id=meeting, user_id=user, channel=f"D{user}", ts=ts, new_report="{}", kind="prompt"
    )
    values.update(overrides)
    return PromptRecord(**values)


def reports(engine: Engine) -> dict[tuple[int, str], tuple[str | None, ...]]:
    with session_scope(engine) as session:
        return {
            (r.meeting_id, r.user_id): (r.data, r.dm_channel, r.prompt_ts, r.reminder_ts)
            for r in session.exec(select(Report))
        }


def two_meetings(engine: Engine) -> tuple[int, int]:
    with session_scope(engine) as session:
        row = new_set()
        session.add(row)
        session.flush()
        first, second = new_meeting(row.id or 0, number=1), new_meeting(row.id or 0, number=2)
        session.add_all([first, second])
        session.flush()
        return first.id or 0, second.id or 0


def test_a_batch_starts_reports_and_keeps_each_message(engine: Engine) -> None:
    one, two = two_meetings(engine)
    with session_scope(engine) as session:  # UB wrote a report already, its DM not known yet
        repo_reports.save_report(
            session=session, meeting_id=one, user_id="UB", data='{"a":1}', complete=False, now=NOW
        )
    batch = [
        record(one, "UA", "1.1"),
        record(one, "UB", "1.2"),
        record(two, "UA", "2.1", new_report=None, kind="reminder"),  # no report: nothing
        record(one, "UC", "1.3", kind=None),  # a report, no ts kept
        record(one, "UA", "1.4", new_report=None, kind="reminder"),  # the same person again
    ]
    with session_scope(engine) as session:
        record_prompts(session=session, records=batch, now=NOW)
    assert reports(engine) == {
        (one, "UA"): ("{}", "DUA", "1.1", "1.4"),
        (one, "UB"): ('{"a":1}', "DUB", "1.2", None),
        (one, "UC"): ("{}", "DUC", None, None),
    }


def test_a_known_dm_stays_as_it_is(engine: Engine) -> None:
    one, _ = two_meetings(engine)
    with session_scope(engine) as session:
        record_prompts(session=session, records=[record(one, "UA", "1.1")], now=NOW)
    with session_scope(engine) as session:
        again = record(one, "UA", "1.2", channel="DOTHER", kind="reminder")
        record_prompts(session=session, records=[again], now=NOW)
    assert reports(engine) == {(one, "UA"): ("{}", "DUA", "1.1", "1.2")}


def test_an_empty_batch_writes_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        record_prompts(session=session, records=[], now=NOW)
    assert reports(engine) == {}
