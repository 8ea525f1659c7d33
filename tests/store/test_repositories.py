"""The repositories the services use, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.flows.cadence import Cadence
from bot.flows.setup import SetConfig
from bot.store import repo_actions, repo_claims, repo_jobs, repo_meetings, repo_sets
from bot.store.engine import session_scope
from bot.store.tables import DueJob, Meeting

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def config(**overrides: object) -> SetConfig:
    values: dict = dict(
        name="Set ✨ שלום",
        theme="",
        members=("UA", "UB"),
        facilitator="UA",
        rotating=False,
        cadence=Cadence.WEEKLY,
        weekday=1,
        at=time(10),
        timezone="Europe/London",
        first_date=date(2026, 11, 24),
        meeting_minutes=90,
        meeting_count=3,
        lead_hours=24,
        ground_rules="Rules",
    )
    values.update(overrides)
    return SetConfig(**values)


def make_set(engine: Engine, channel: str = "C1") -> int:
    with session_scope(engine) as session:
        row = repo_sets.create_set(
            session=session,
            team_id="T1",
            channel_id=channel,
            config=config(),
            created_by="UA",
            now=NOW,
        )
        times = [NOW + timedelta(days=3 + 7 * i) for i in range(3)]
        repo_meetings.plan_meetings(session=session, set_id=row.id or 0, times=times)
        return row.id or 0


def test_a_channel_takes_one_active_set(engine: Engine) -> None:
    make_set(engine)
    with pytest.raises(repo_sets.ChannelTaken), session_scope(engine) as session:
        repo_sets.create_set(
            session=session,
            team_id="T1",
            channel_id="C1",
            config=config(),
            created_by="UB",
            now=NOW,
        )
    with session_scope(engine) as session:
        row = repo_sets.get_active_set(session=session, team_id="T1", channel_id="C1")
        assert row is not None and row.name == "Set ✨ שלום"
        assert repo_sets.list_members(session=session, set_id=row.id or 0) == ["UA", "UB"]


def test_members_join_once_and_leave(engine: Engine) -> None:
    set_id = make_set(engine)
    with session_scope(engine) as session:
        added = repo_sets.add_members(
            session=session, set_id=set_id, user_ids=["UB", "UC", "UC"], now=NOW
        )
        assert added == ["UC"]
        assert repo_sets.remove_member(session=session, set_id=set_id, user_id="UA")
        assert not repo_sets.remove_member(session=session, set_id=set_id, user_id="UZ")
        assert repo_sets.list_members(session=session, set_id=set_id) == ["UB", "UC"]


def test_replanning_keeps_meetings_already_held(engine: Engine) -> None:
    set_id = make_set(engine)
    with session_scope(engine) as session:
        first = repo_meetings.next_scheduled(session=session, set_id=set_id)
        assert first is not None and first.number == 1
        first.phase = "closed"
        session.add(first)
        session.flush()
        repo_meetings.plan_meetings(
            session=session, set_id=set_id, times=[NOW + timedelta(days=30)]
        )
        numbers = sorted(
            (m.number, m.phase)
            for m in session.exec(select(Meeting).where(Meeting.set_id == set_id))
        )
        assert numbers == [(1, "closed"), (2, "scheduled")]
        assert repo_meetings.count_held(session=session, set_id=set_id) == 1


def test_a_stale_version_saves_nothing(engine: Engine) -> None:
    set_id = make_set(engine)
    with session_scope(engine) as session:
        meeting = repo_meetings.next_scheduled(session=session, set_id=set_id)
        assert meeting is not None
        meeting_id = meeting.id or 0

    def save(expected: int) -> bool:
        with session_scope(engine) as session:
            return repo_meetings.save_state(
                session=session,
                meeting_id=meeting_id,
                expected_version=expected,
                phase="check_in",
                state="{}",
                facilitator_id="UA",
                started_at=NOW,
                ended_at=None,
            )

    assert save(0) is True
    assert save(0) is False
    assert save(1) is True


def test_actions_and_attendance_are_kept_per_meeting(engine: Engine) -> None:
    set_id = make_set(engine)
    with session_scope(engine) as session:
        meeting = repo_meetings.next_scheduled(session=session, set_id=set_id)
        assert meeting is not None
        mid = meeting.id or 0
        repo_meetings.record_attendance(
            session=session, meeting_id=mid, user_id="UA", status="issue", now=NOW
        )
        repo_meetings.record_attendance(
            session=session, meeting_id=mid, user_id="UA", status="apologies", now=NOW
        )
        assert repo_meetings.attendance(session=session, meeting_id=mid) == {"UA": "apologies"}
        repo_actions.add_action(
            session=session,
            set_id=set_id,
            meeting_id=mid,
            owner_id="UB",
            created_by="UB",
            text="📞 " + "x" * 4990,
            expectation="مرحبا",
            due_date=None,
            now=NOW,
        )
        (action,) = repo_actions.open_actions(session=session, set_id=set_id, owner_id="UB")
        assert action.text.startswith("📞") and len(action.text) == 4992
        assert action.expectation == "مرحبا" and action.status == "open"


def test_due_jobs_are_claimed_once_by_concurrent_workers(engine: Engine) -> None:
    with session_scope(engine) as session:
        for i in range(60):
            repo_jobs.schedule(
                session=session,
                key=f"job:{i}",
                kind="timer_warn",
                due_at=NOW,
                meeting_id=None,
                payload={},
            )
    claimed: list[list[int]] = [[] for _ in range(4)]

    def worker(n: int) -> None:
        while True:
            with session_scope(engine) as session:
                jobs = repo_claims.claim_due(session=session, now=NOW, worker=f"w{n}", limit=7)
                claimed[n].extend(job.id or 0 for job in jobs)
            if not jobs:
                return

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    everything = [job for jobs in claimed for job in jobs]
    assert len(everything) == 60 and len(set(everything)) == 60


def test_future_and_cancelled_jobs_are_not_claimed(session: Session) -> None:
    repo_jobs.schedule(
        session=session,
        key="later",
        kind="timer_over",
        due_at=NOW + timedelta(minutes=1),
        meeting_id=None,
        payload={},
    )
    assert repo_claims.claim_due(session=session, now=NOW, worker="w") == []
    assert (
        len(repo_claims.claim_due(session=session, now=NOW + timedelta(minutes=1), worker="w")) == 1
    )


def test_anything_due_says_what_a_claim_would_find(session: Session) -> None:
    """The scheduler's read before it claims: true exactly when a claim would get a row."""
    assert not repo_claims.anything_due(session=session, now=NOW)
    repo_jobs.schedule(
        session=session, key="k", kind="timer_over", due_at=NOW, meeting_id=None, payload={}
    )
    assert not repo_claims.anything_due(session=session, now=NOW - timedelta(seconds=1))
    assert repo_claims.anything_due(session=session, now=NOW)
    repo_claims.claim_due(session=session, now=NOW, worker="dead")
    assert not repo_claims.anything_due(session=session, now=NOW + timedelta(seconds=30))
    assert repo_claims.anything_due(session=session, now=NOW + timedelta(minutes=1))  # stale


def test_a_lost_claim_is_taken_over_within_a_minute_and_marked_to_look_first(
    session: Session,
) -> None:
    repo_jobs.schedule(
        session=session, key="k", kind="timer_over", due_at=NOW, meeting_id=None, payload={}
    )
    (job,) = repo_claims.claim_due(session=session, now=NOW, worker="dead")
    assert job.check_from is None
    later = NOW + timedelta(seconds=30)
    assert repo_claims.claim_due(session=session, now=later, worker="w") == []
    (taken,) = repo_claims.claim(session=session, now=NOW + timedelta(minutes=1), worker="w")
    assert taken.job.id == job.id and taken.job.attempts == 2
    assert taken.check_from == NOW  # the dead claim's time: its post may be in Slack
    repo_jobs.finish(session=session, job_id=job.id or 0, now=NOW)
    done = session.get(DueJob, job.id)
    assert done is not None and done.status == "done" and done.check_from is None


def test_a_renewed_claim_is_not_taken_over(session: Session) -> None:
    """The heartbeat: a live worker's claim outlives the lease."""
    repo_jobs.schedule(
        session=session, key="k", kind="timer_over", due_at=NOW, meeting_id=None, payload={}
    )
    (job,) = repo_claims.claim_due(session=session, now=NOW, worker="alive")
    for seconds in (15, 30, 45, 60):
        repo_claims.renew(
            session=session,
            job_ids=[job.id or 0],
            worker="alive",
            now=NOW + timedelta(seconds=seconds),
        )
    assert repo_claims.claim_due(session=session, now=NOW + timedelta(seconds=90), worker="w") == []
    repo_claims.renew(
        session=session, job_ids=[job.id or 0], worker="other", now=NOW + timedelta(minutes=5)
    )
    assert (
        len(repo_claims.claim_due(session=session, now=NOW + timedelta(minutes=2), worker="w")) == 1
    )


def test_a_claim_renewed_then_lost_is_looked_for_from_its_due_time(session: Session) -> None:
    """The heartbeat moved claimed_at on, but the dead worker may have posted before its
    last renewal: the look in Slack starts no later than the claim began."""
    due = NOW - timedelta(minutes=3)
    repo_jobs.schedule(
        session=session, key="k", kind="prompt", due_at=due, meeting_id=None, payload={}
    )
    (job,) = repo_claims.claim_due(session=session, now=NOW, worker="dead")
    for seconds in (15, 30):
        repo_claims.renew(
            session=session,
            job_ids=[job.id or 0],
            worker="dead",
            now=NOW + timedelta(seconds=seconds),
        )
    (taken,) = repo_claims.claim(session=session, now=NOW + timedelta(minutes=2), worker="w")
    assert taken.check_from == due
    session.expire_all()
    stored = session.get(DueJob, job.id)
    assert stored is not None and stored.check_from == due


def test_an_event_id_is_processed_once(engine: Engine) -> None:
    results = []
    for _ in range(3):
        with session_scope(engine) as session:
            results.append(repo_jobs.remember_event(session=session, event_id="Ev1", now=NOW))
    assert results == [True, False, False]


def test_requested_work_coalesces_one_row_per_key(engine: Engine) -> None:
    """A Home to publish again: asked for many times, delivered once; asked for while being
    delivered, delivered again after."""

    def ask() -> None:
        with session_scope(engine) as session:
            jobs = [("home:T:UA", "home", NOW, {"user": "UA"})] * 2
            repo_jobs.request(session=session, jobs=[*jobs, ("home:T:UB", "home", NOW, {})])

    def rows() -> dict[str, tuple[str, datetime]]:
        with session_scope(engine) as session:
            return {j.key: (j.status, j.due_at) for j in session.exec(select(DueJob))}

    ask()
    ask()
    assert rows() == {"home:T:UA": ("pending", NOW), "home:T:UB": ("pending", NOW)}
    with session_scope(engine) as session:
        claimed = repo_claims.claim_due(session=session, now=NOW, worker="w", limit=10)
    ask()  # while both are being delivered: both wanted again, a little later
    assert {status for status, _ in rows().values()} == {"pending"}
    with session_scope(engine) as session:
        for job in claimed:
            repo_jobs.finish_if_claimed(session=session, job_id=job.id or 0, now=NOW)
    assert {status for status, _ in rows().values()} == {"pending"}  # not lost by the finish
    assert all(due > NOW for _, due in rows().values())
    with session_scope(engine) as session:
        again = repo_claims.claim_due(session=session, now=NOW + timedelta(minutes=1), worker="w")
        for job in again:
            repo_jobs.finish_if_claimed(session=session, job_id=job.id or 0, now=NOW)
    assert {status for status, _ in rows().values()} == {"done"}
    ask()
    assert rows()["home:T:UA"][0] == "pending"


def test_two_requests_for_the_same_new_work_at_once_both_succeed(engine: Engine) -> None:
    failures: list[BaseException] = []
    start = threading.Barrier(4)

    def ask() -> None:
        try:
            start.wait()
            with session_scope(engine) as session:
                repo_jobs.request(session=session, jobs=[("home:T:UC", "home", NOW, {})])
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    with session_scope(engine) as session:
        assert len(list(session.exec(select(DueJob)))) == 1
