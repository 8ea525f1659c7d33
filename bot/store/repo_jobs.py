"""Due work (prompts, reminders, briefs, turn timers, Home refreshes) and processed Slack
events. Claiming rows is `repo_claims`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.store.tables import DueJob, ProcessedEvent


def schedule(
    *,
    session: Session,
    key: str,
    kind: str,
    due_at: datetime,
    meeting_id: int | None,
    payload: dict[str, Any],
) -> None:
    session.add(
        DueJob(
            key=key, kind=kind, due_at=due_at, meeting_id=meeting_id, payload=json.dumps(payload)
        )
    )
    session.flush()


def add_many(
    *, session: Session, meeting_id: int, jobs: list[tuple[str, str, datetime, dict[str, Any]]]
) -> None:
    """Schedule new (key, kind, due, payload) jobs of one meeting in one INSERT."""
    if jobs:
        session.execute(insert(DueJob), [_row(meeting_id, *job) for job in jobs])


def _row(
    meeting_id: int | None, key: str, kind: str, due: datetime, payload: dict[str, Any]
) -> dict[str, Any]:
    return {
        "key": key,
        "kind": kind,
        "due_at": due,
        "meeting_id": meeting_id,
        "payload": json.dumps(payload),
        "status": "pending",
        "attempts": 0,
    }


def ensure_many(
    *, session: Session, meeting_id: int, jobs: list[tuple[str, str, datetime, dict[str, Any]]]
) -> int:
    """Schedule (key, kind, due, payload) jobs of one meeting, skipping keys it has already
    (sent or not): one query and one flush however many. Returns how many were added."""
    existing = set(session.exec(select(DueJob.key).where(DueJob.meeting_id == meeting_id)))
    rows = [_row(meeting_id, *job) for job in jobs if job[0] not in existing]
    if rows:  # one Core INSERT: no ORM objects for rows nobody reads back here
        session.execute(insert(DueJob), rows)
    return len(rows)


def request(
    *,
    session: Session,
    jobs: list[tuple[str, str, datetime, dict[str, Any]]],
    busy_delay: timedelta = timedelta(seconds=5),
) -> None:
    """Ask for (key, kind, due, payload) work that coalesces: one row per key, reused.

    A key already pending stays as it is (the work it stands for is still to do). One done
    is made pending again. One being delivered right now is made pending a little later,
    so what changed since that delivery read its data is delivered too.
    """
    if not jobs:
        return
    keys = [j[0] for j in jobs]
    # Locked (PostgreSQL), so a delivery claimed but not yet committed is seen as claimed
    # once it commits, and asked for again, rather than seen as pending and left alone.
    found = {
        job.key: job
        for job in session.exec(select(DueJob).where(col(DueJob.key).in_(keys)).with_for_update())
    }
    fresh = []
    for key, kind, due, payload in dict((j[0], j) for j in jobs).values():
        row = found.get(key)
        if row is None:
            fresh.append(_row(None, key, kind, due, payload))
        elif row.status != "pending":
            when = due + busy_delay if row.status == "claimed" else due
            row.status, row.due_at, row.attempts, row.last_error = "pending", when, 0, None
            session.add(row)
    if fresh:  # two requests for a new key at once: the second finds it there, and that's fine
        session.execute(_insert_new(session).on_conflict_do_nothing(index_elements=["key"]), fresh)
    session.flush()


def _insert_new(session: Session) -> Any:
    """INSERT … ON CONFLICT DO NOTHING in the dialect of the session's database."""
    dialect = session.get_bind().dialect.name
    return postgresql.insert(DueJob) if dialect == "postgresql" else sqlite.insert(DueJob)


def finish_if_claimed(*, session: Session, job_id: int, now: datetime) -> None:
    """Finish a coalescing job, unless it was asked for again while it was delivered."""
    session.execute(
        update(DueJob)
        .where(col(DueJob.id) == job_id, col(DueJob.status) == "claimed")
        .values(status="done", done_at=now, last_error=None)
    )


def ensure_for_meetings(
    *, session: Session, jobs: list[tuple[int, str, str, datetime, dict[str, Any]]]
) -> int:
    """Schedule (meeting, key, kind, due, payload) jobs, skipping keys already there (sent
    or not): one query and one INSERT for any number of meetings. Returns how many."""
    meeting_ids = sorted({job[0] for job in jobs})
    if not meeting_ids:
        return 0
    existing = set(session.exec(select(DueJob.key).where(col(DueJob.meeting_id).in_(meeting_ids))))
    rows = [_row(*job) for job in jobs if job[1] not in existing]
    if rows:
        session.execute(insert(DueJob), rows)
    return len(rows)


def delete_pending_of_meetings(
    *, session: Session, meeting_ids: list[int], kinds: tuple[str, ...]
) -> None:
    """Forget these meetings' not-yet-sent jobs of these kinds (about to be re-planned)."""
    if not meeting_ids:
        return
    session.execute(
        delete(DueJob).where(
            col(DueJob.meeting_id).in_(meeting_ids),
            col(DueJob.status) == "pending",
            col(DueJob.kind).in_(kinds),
        )
    )


def pending_for(
    *,
    session: Session,
    user_id: str,
    meeting_ids: list[int],
    kinds: tuple[str, ...],
    status: str = "pending",
) -> list[DueJob]:
    """A person's jobs not yet sent (or, with status "claimed", being sent) for these
    meetings, found by their exact keys (indexed)."""
    keys = [f"{kind}:{meeting}:{user_id}" for meeting in meeting_ids for kind in kinds]
    if not keys:
        return []
    return list(
        session.exec(select(DueJob).where(col(DueJob.key).in_(keys), col(DueJob.status) == status))
    )


def people_with_job(*, session: Session, meeting_id: int, kind: str) -> set[str]:
    """Whom a meeting has a job of this kind for (sent or not), from its "kind:meeting:user"
    keys."""
    keys = session.exec(
        select(DueJob.key).where(DueJob.meeting_id == meeting_id, DueJob.kind == kind)
    )
    return {key.rpartition(":")[2] for key in keys}


def add_once(
    *,
    session: Session,
    meeting_id: int | None,
    key: str,
    kind: str,
    due_at: datetime,
    payload: dict[str, Any],
) -> bool:
    """Add a job unless its key was ever there: False when it was (two presses at once
    included: the second insert is a no-op, not an error)."""
    row = _row(meeting_id, key, kind, due_at, payload)
    result = session.execute(
        _insert_new(session).values(**row).on_conflict_do_nothing(index_elements=["key"])
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def exists(*, session: Session, key: str) -> bool:
    return session.exec(select(DueJob.id).where(DueJob.key == key)).first() is not None


def move(*, session: Session, job_id: int, due_at: datetime) -> None:
    session.execute(update(DueJob).where(col(DueJob.id) == job_id).values(due_at=due_at))


def cancel_pending(*, session: Session, meeting_id: int, kind_prefix: str) -> int:
    result = session.execute(
        update(DueJob)
        .where(
            col(DueJob.meeting_id) == meeting_id,
            col(DueJob.status) == "pending",
            col(DueJob.kind).startswith(kind_prefix),
        )
        .values(status="cancelled")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def has_pending(*, session: Session, meeting_id: int, kind: str) -> bool:
    """Whether the meeting already has a job of this kind waiting."""
    found = session.exec(
        select(DueJob.id).where(
            DueJob.meeting_id == meeting_id, DueJob.status == "pending", DueJob.kind == kind
        )
    ).first()
    return found is not None


def delete_pending(*, session: Session, meeting_id: int, kinds: tuple[str, ...]) -> None:
    """Forget the meeting's not-yet-sent jobs of these kinds (they are about to be re-planned)."""
    session.execute(
        delete(DueJob).where(
            col(DueJob.meeting_id) == meeting_id,
            col(DueJob.status) == "pending",
            col(DueJob.kind).in_(kinds),
        )
    )


def finish(*, session: Session, job_id: int, now: datetime, error: str | None = None) -> None:
    values: dict[str, Any] = {
        "status": "done",
        "done_at": now,
        "last_error": error,
        "check_from": None,
    }
    session.execute(update(DueJob).where(col(DueJob.id) == job_id).values(**values))


_FINISH = (
    update(DueJob)
    .where(col(DueJob.id) == bindparam("job_id"))
    .values(status="done", done_at=bindparam("now"), last_error=None, check_from=None)
)


def finish_sent(*, session: Session, job_ids: list[int], now: datetime) -> None:
    """`finish` without an error, for the write-back of messages sent: one prepared
    statement on the session's connection, run for them all (no DueJob object of them is
    in that session)."""
    if job_ids:
        session.connection().execute(_FINISH, [{"job_id": i, "now": now} for i in job_ids])


def done_at(*, session: Session, key: str) -> datetime | None:
    """When the job with this key was carried out; None while it is still to do."""
    return session.exec(
        select(DueJob.done_at).where(DueJob.key == key, col(DueJob.status) == "done")
    ).first()


def retry_later(
    *,
    session: Session,
    job_id: int,
    due_at: datetime,
    error: str,
    attempts: int | None = None,
    check_from: datetime | None = None,
) -> None:
    """Pending again at `due_at`; `attempts` keeps count when the claim that counted the
    attempt did not commit; `check_from` marks a message that may be in Slack since then."""
    values: dict[str, Any] = {"status": "pending", "due_at": due_at, "last_error": error[:500]}
    if attempts is not None:
        values["attempts"] = attempts
    if check_from is not None:
        values["check_from"] = check_from
    session.execute(update(DueJob).where(col(DueJob.id) == job_id).values(**values))


def remember_event(*, session: Session, event_id: str, now: datetime) -> bool:
    """True the first time an event id is seen; False for Slack's re-deliveries."""
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(event_id=event_id, received_at=now))
    except IntegrityError:
        return False
    return True


def forget_events(*, session: Session, before: datetime) -> int:
    """Drop the event ids received before `before`; returns how many."""
    result = session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < before))
    return int(result.rowcount)  # type: ignore[attr-defined]
