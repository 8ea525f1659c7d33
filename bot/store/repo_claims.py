"""Claiming due rows: atomically (SKIP LOCKED on PostgreSQL; on SQLite, BEGIN IMMEDIATE
makes each transaction the only writer), on a short lease that a live worker renews.

A claim not renewed within `LEASE` belongs to a process that died mid-delivery: another
takes the row over, and marks it `check_from` its due time, since its message may already
have reached Slack (at any moment of the dead claim, which began no earlier; the heartbeat
moved `claimed_at` on since). The delivery then looks for its tag before sending again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from bot.store.tables import DueJob

# A worker renews its claims every HEARTBEAT; one not renewed for LEASE is a dead one's.
LEASE = timedelta(seconds=45)
HEARTBEAT = timedelta(seconds=15)


@dataclass(frozen=True)
class Claim:
    job: DueJob
    check_from: datetime | None  # a post since then may have reached Slack: look first


def _due(
    session: Session, status: str, now: datetime, limit: int, claimed_before: datetime | None = None
) -> list[DueJob]:
    query = select(DueJob).where(col(DueJob.status) == status, col(DueJob.due_at) <= now)
    if claimed_before is not None:
        query = query.where(col(DueJob.claimed_at) < claimed_before)
    query = query.order_by(col(DueJob.due_at)).limit(limit).with_for_update(skip_locked=True)
    return list(session.exec(query))


def anything_due(*, session: Session, now: datetime) -> bool:
    """Is there work to claim (pending and due, or a dead process's claim)? A read: the
    scheduler asks it every wake-up without taking the write lock."""
    pending = select(DueJob.id).where(col(DueJob.status) == "pending", col(DueJob.due_at) <= now)
    stale = select(DueJob.id).where(
        col(DueJob.status) == "claimed",
        col(DueJob.due_at) <= now,
        col(DueJob.claimed_at) < now - LEASE,
    )
    return any(session.exec(q.limit(1)).first() is not None for q in (pending, stale))


def claim(*, session: Session, now: datetime, worker: str, limit: int = 100) -> list[Claim]:
    """Claim up to `limit` due rows for `worker`: pending ones, then ones whose lease ran
    out. Two queries, each served by the (status, due_at) index."""
    taken = [(job, False) for job in _due(session, "pending", now, limit)]
    if len(taken) < limit:
        stale = _due(session, "claimed", now, limit - len(taken), claimed_before=now - LEASE)
        taken += [(job, True) for job in stale]
    # Two UPDATEs, not the ORM's flush of each row: a claim is on every prompt's path. A
    # taken-over row is looked for in Slack from its due time (`check_from`), unless an
    # earlier look-first is still owed.
    for over in (False, True):
        ids = [job.id for job, stale in taken if stale == over]
        if not ids:
            continue
        values: dict[str, Any] = {
            "status": "claimed",
            "claimed_by": worker,
            "claimed_at": now,
            "attempts": col(DueJob.attempts) + 1,
        }
        if over:
            values["check_from"] = func.coalesce(col(DueJob.check_from), col(DueJob.due_at))
        # Core, on the session's connection: the ORM's UPDATE would also change the rows in
        # the session, evaluating each value in Python, which the loop below does for less
        session.connection().execute(update(DueJob).where(col(DueJob.id).in_(ids)).values(**values))
    claims = []
    for job, over in taken:  # the rows as just written, without a flush of their own
        if over and job.check_from is None:
            set_committed_value(job, "check_from", job.due_at)
        for name, value in (("status", "claimed"), ("claimed_by", worker), ("claimed_at", now)):
            set_committed_value(job, name, value)
        set_committed_value(job, "attempts", job.attempts + 1)
        claims.append(Claim(job, job.check_from))
    return claims


def claim_due(*, session: Session, now: datetime, worker: str, limit: int = 100) -> list[DueJob]:
    """`claim`, the rows only."""
    return [c.job for c in claim(session=session, now=now, worker=worker, limit=limit)]


def _still_held(session: Session, job_ids: list[int], worker: str, **values: Any) -> None:
    """Change these rows, only where `worker` still holds their claim."""
    if job_ids:
        session.execute(
            update(DueJob)
            .where(
                col(DueJob.id).in_(job_ids),
                col(DueJob.status) == "claimed",
                col(DueJob.claimed_by) == worker,
            )
            .values(**values)
        )


def renew(*, session: Session, job_ids: list[int], worker: str, now: datetime) -> None:
    """The heartbeat: this live worker still holds these claims."""
    _still_held(session, job_ids, worker, claimed_at=now)


def release(*, session: Session, job_ids: list[int], worker: str) -> None:
    """Claims this worker took but will not deliver: pending again, the attempt uncounted."""
    _still_held(session, job_ids, worker, status="pending", attempts=col(DueJob.attempts) - 1)
