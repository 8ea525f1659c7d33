"""The rows that follow from a meeting's transition: its state, turns, attendance, timers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.flows import meeting_codec
from bot.flows.meeting_state import (
    AttendanceChanged,
    MeetingClosed,
    Outcome,
    Presence,
    SlotEnded,
    SlotKind,
    SlotStarted,
    TimersChanged,
)
from bot.services.core import DomainError
from bot.store import repo_jobs, repo_meetings, repo_turns
from bot.store.tables import LearningSet, Meeting, Report

CONFLICT = "Someone changed the meeting at the same moment, so nothing changed. Please try again."


def save_outcome(session: Session, meeting: Meeting, outcome: Outcome) -> int:
    """Save a transition's state under the version check; the new version, or DomainError
    if someone was faster."""
    state, expected = outcome.state, meeting.version
    saved = repo_meetings.save_state(
        session=session,
        meeting_id=meeting.id or 0,
        expected_version=expected,
        phase=state.phase.value,
        state=meeting_codec.dumps(state),
        facilitator_id=state.facilitator,
        started_at=state.started_at,
        ended_at=state.ended_at,
    )
    if not saved:
        raise DomainError(CONFLICT)
    return expected + 1


def _thread_of_turn(session: Session, meeting_id: int, effect: SlotStarted) -> str | None:
    """Where a turn's messages go when its thread is already posted: the member's own
    thread when their turn is reached again; the round's one thread for a report-back."""
    if effect.kind == SlotKind.REPORT_BACK:
        return repo_turns.round_thread(session=session, meeting_id=meeting_id)
    if effect.again:
        return repo_turns.current_thread(
            session=session, meeting_id=meeting_id, user_id=effect.user or "", kind=effect.kind
        )
    return None


def persist(
    session: Session,
    row: LearningSet,
    meeting: Meeting,
    outcome: Outcome,
    now: datetime,
    version: int,
    reports: Mapping[str, Report],
) -> None:
    """Write the rows that follow from the effects: turns, attendance, timers."""
    meeting_id = meeting.id or 0
    for effect in outcome.effects:
        if isinstance(effect, SlotStarted) and effect.kind in (
            SlotKind.REPORT_BACK,
            SlotKind.ISSUE,
        ):
            repo_turns.start_turn(
                session=session,
                meeting_id=meeting_id,
                slot=effect.slot,
                kind=effect.kind.value,
                user_id=effect.user or "",
                now=now,
                thread_ts=_thread_of_turn(session, meeting_id, effect),
            )
        elif isinstance(effect, SlotEnded) and effect.user:
            repo_turns.end_turn(
                session=session,
                meeting_id=meeting_id,
                slot=effect.slot,
                outcome=effect.outcome,
                now=now,
            )
        elif isinstance(effect, AttendanceChanged):
            repo_meetings.record_attendance(
                session=session,
                meeting_id=meeting_id,
                user_id=effect.user,
                status=effect.presence.value,
                now=now,
            )
        elif isinstance(effect, TimersChanged):
            _reset_timers(session, row, meeting_id, version, effect, now)
        elif isinstance(effect, MeetingClosed):
            for user in outcome.state.members:
                if user not in outcome.state.attendance:
                    repo_meetings.record_attendance(
                        session=session,
                        meeting_id=meeting_id,
                        user_id=user,
                        status=Presence.ABSENT.value,
                        now=now,
                    )


def _reset_timers(
    session: Session,
    row: LearningSet,
    meeting_id: int,
    version: int,
    timers: TimersChanged,
    now: datetime,
) -> None:
    """Replace the meeting's pending timers; keys carry the state version they follow. A
    running clock also gets the control message's minute refresh (see timer_notice)."""
    repo_jobs.cancel_pending(session=session, meeting_id=meeting_id, kind_prefix="timer")
    payload = {"slot": timers.slot, "team": row.team_id}
    jobs = [
        (f"timer:{meeting_id}:{version}:{kind}", f"timer_{kind}", due, payload)
        for kind, due in (("warn", timers.warn_at), ("over", timers.over_at))
        if due is not None
    ]
    if timers.over_at is not None:  # live and not paused
        jobs.append(tick_job(meeting_id, version, 1, now + TICK, {**payload, "count": 1}))
    repo_jobs.add_many(session=session, meeting_id=meeting_id, jobs=jobs)


TICK = timedelta(minutes=1)


def tick_job(
    meeting_id: int, version: int, count: int, due: datetime, payload: dict[str, Any]
) -> tuple[str, str, datetime, dict[str, Any]]:
    """The control message's next minute refresh: one pending per meeting at a time."""
    key = f"timer:{meeting_id}:{version}:tick:{count}"
    return (key, "timer_tick", due, {**payload, "count": count})
