"""Meetings: their plan, state, control and brief messages, and attendance (turns: repo_turns)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, bindparam, delete, func, literal_column, update
from sqlmodel import Session, col, select

from bot.flows.meeting_state import LIVE_PHASES, Phase
from bot.store import core_reads
from bot.store.tables import Attendance, Meeting, Membership

LIVE = tuple(phase.value for phase in LIVE_PHASES)
# The live phases written into the SQL: a bound list is an "expanding" parameter, and
# SQLAlchemy rebuilds the statement's SQL for it on every run (~45 µs a query).
LIVE_SQL: list[ColumnElement[str]] = [literal_column(f"'{phase}'") for phase in LIVE]


def plan_meetings(*, session: Session, set_id: int, times: list[datetime]) -> None:
    """Match the set's not-yet-started meetings to `times`, in order.

    Existing ones are moved, not replaced, so their reports, apologies and sent prompts stay
    with them; missing ones are added after the last number; surplus ones are dropped.
    """
    pending = scheduled_meetings(session=session, set_id=set_id)
    for meeting, when in zip(pending, times, strict=False):
        meeting.scheduled_at = when
        session.add(meeting)
    for meeting in pending[len(times) :]:
        session.delete(meeting)
    last = session.exec(select(func.max(Meeting.number)).where(Meeting.set_id == set_id)).one()
    for number, when in enumerate(times[len(pending) :], start=(last or 0) + 1):
        session.add(Meeting(set_id=set_id, number=number, scheduled_at=when))
    session.flush()


def get_meeting(*, session: Session, meeting_id: int, lock: bool = False) -> Meeting | None:
    """One meeting; `lock` holds its row until commit (PostgreSQL; SQLite has one writer)."""
    return session.get(Meeting, meeting_id, with_for_update=lock or None)


# Reads most requests make, built once (building a statement costs more than running it).
_RUNNING = select(Meeting).where(
    Meeting.set_id == bindparam("set_id"), col(Meeting.phase).in_(LIVE_SQL)
)
SCHEDULED = (  # the set's meetings not yet started, in order
    select(Meeting)
    .where(Meeting.set_id == bindparam("set_id"), Meeting.phase == Phase.SCHEDULED)
    .order_by(col(Meeting.number))
)
_NEXT = SCHEDULED.limit(1)

_STARTED = (
    select(func.count())
    .select_from(Meeting)
    .where(Meeting.set_id == bindparam("set_id"), col(Meeting.started_at).is_not(None))
)


def running_meeting(*, session: Session, set_id: int, lock: bool = False) -> Meeting | None:
    query = _RUNNING.with_for_update() if lock else _RUNNING
    return session.exec(query, params={"set_id": set_id}).first()


def next_scheduled(*, session: Session, set_id: int, lock: bool = False) -> Meeting | None:
    query = _NEXT.with_for_update() if lock else _NEXT
    return session.exec(query, params={"set_id": set_id}).first()


def next_of_sets(*, session: Session, set_ids: list[int]) -> dict[int, Meeting]:
    """The next scheduled meeting of each of several sets, in one query."""
    if not set_ids:
        return {}
    found: dict[int, Meeting] = {}
    for meeting in session.exec(
        select(Meeting)
        .where(col(Meeting.set_id).in_(set_ids), Meeting.phase == Phase.SCHEDULED)
        .order_by(col(Meeting.number).desc())
    ):
        found[meeting.set_id] = meeting  # the lowest number comes last and stays
    return found


def running_of_sets(*, session: Session, set_ids: list[int]) -> list[Meeting]:
    """The meetings running now in any of several sets, in one query."""
    if not set_ids:
        return []
    query = (
        select(Meeting)
        .where(col(Meeting.set_id).in_(set_ids), col(Meeting.phase).in_(LIVE_SQL))
        .order_by(col(Meeting.started_at))
    )
    return list(session.exec(query))


def meetings_of_set(*, session: Session, set_id: int) -> list[Meeting]:
    return list(
        session.exec(select(Meeting).where(Meeting.set_id == set_id).order_by(col(Meeting.number)))
    )


def scheduled_meetings(*, session: Session, set_id: int) -> list[Meeting]:
    return core_reads.every(session, Meeting, SCHEDULED, {"set_id": set_id})


def count_scheduled(*, session: Session, set_id: int) -> int:
    """Meetings still to come (not started, not cancelled)."""
    return session.exec(
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.set_id == set_id, Meeting.phase == Phase.SCHEDULED)
    ).one()


def scheduled_for_member(*, session: Session, user_id: str) -> list[Meeting]:
    """Not-yet-started meetings of every set the person belongs to."""
    return list(
        session.exec(
            select(Meeting)
            .join(Membership, col(Membership.set_id) == col(Meeting.set_id))
            .where(Membership.user_id == user_id, Meeting.phase == Phase.SCHEDULED)
        )
    )


def started_since(*, session: Session, set_id: int, when: datetime) -> bool:
    """Whether a meeting of the set has started since `when`."""
    found = session.exec(
        select(Meeting.id).where(Meeting.set_id == set_id, col(Meeting.started_at) > when).limit(1)
    ).first()
    return found is not None


def count_started(*, session: Session, set_id: int) -> int:
    """Meetings that really took place (running or closed), not cancelled ones."""
    return session.exec(_STARTED, params={"set_id": set_id}).one()


def sets_that_met(*, session: Session, set_ids: list[int]) -> set[int]:
    """Which of these sets have held (or are holding) a meeting: one query."""
    if not set_ids:
        return set()
    rows = session.exec(
        select(Meeting.set_id)
        .where(col(Meeting.set_id).in_(set_ids), col(Meeting.started_at).is_not(None))
        .distinct()
    )
    return set(rows)


def count_held(*, session: Session, set_id: int) -> int:
    """Meetings that have started (running or closed)."""
    return session.exec(
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.set_id == set_id, col(Meeting.phase) != Phase.SCHEDULED)
    ).one()


def save_state(
    *,
    session: Session,
    meeting_id: int,
    expected_version: int,
    phase: str,
    state: str,
    facilitator_id: str,
    started_at: datetime | None,
    ended_at: datetime | None,
) -> bool:
    """Store a new state if nobody else did since `expected_version`; False if they did."""
    result = session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id, col(Meeting.version) == expected_version)
        .values(
            phase=phase,
            state=state,
            version=expected_version + 1,
            facilitator_id=facilitator_id,
            started_at=started_at,
            ended_at=ended_at,
        )
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def set_control(*, session: Session, meeting_id: int, channel: str, ts: str) -> None:
    session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id)
        .values(control_channel=channel, control_ts=ts)
    )


def set_intervention(
    *, session: Session, meeting_id: int, ts: str | None, text: str | None
) -> None:
    """Remember (or, with None, forget) the Intervene question shown while paused."""
    session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id)
        .values(intervention_ts=ts, intervention_text=text)
    )


def set_brief(*, session: Session, meeting_id: int, channel: str, ts: str) -> None:
    session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id)
        .values(brief_channel=channel, brief_ts=ts)
    )


def record_attendance(
    *, session: Session, meeting_id: int, user_id: str, status: str, now: datetime
) -> None:
    row = session.exec(
        select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.user_id == user_id)
    ).first()
    if row is None:
        row = Attendance(meeting_id=meeting_id, user_id=user_id, status=status, updated_at=now)
    row.status, row.updated_at = status, now
    session.add(row)
    session.flush()


def remove_attendance(*, session: Session, meeting_id: int, user_id: str) -> None:
    session.execute(
        delete(Attendance).where(
            col(Attendance.meeting_id) == meeting_id, col(Attendance.user_id) == user_id
        )
    )


def attendance(*, session: Session, meeting_id: int) -> dict[str, str]:
    rows = session.exec(
        select(Attendance.user_id, Attendance.status).where(Attendance.meeting_id == meeting_id)
    )
    return dict(rows.all())


def attendance_of_meetings(
    *, session: Session, meeting_ids: list[int]
) -> dict[int, dict[str, str]]:
    """Attendance of several meetings in one query: meeting → member → status."""
    if not meeting_ids:
        return {}
    found: dict[int, dict[str, str]] = {}
    for meeting_id, user, status in session.exec(
        select(Attendance.meeting_id, Attendance.user_id, Attendance.status).where(
            col(Attendance.meeting_id).in_(meeting_ids)
        )
    ):
        found.setdefault(meeting_id, {})[user] = status
    return found
