"""The facts behind a set's metrics, read in a handful of grouped queries."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.flows.meeting_state import PRESENT as PRESENT_PRESENCES
from bot.flows.meeting_state import Phase
from bot.flows.metrics import MeetingFacts
from bot.store.repo_questions import question_counts_of_sets
from bot.store.tables import Action, Attendance, Meeting, Reflection, Report

PRESENT = tuple(p.value for p in PRESENT_PRESENCES)


def held_meetings(*, session: Session, set_id: int) -> list[Meeting]:
    return list(
        session.exec(
            select(Meeting)
            .where(
                Meeting.set_id == set_id,
                Meeting.phase == Phase.CLOSED,
                col(Meeting.started_at).is_not(None),
            )
            .order_by(col(Meeting.number))
        )
    )


def facts(*, session: Session, set_id: int, timezone: str) -> list[MeetingFacts]:
    """One MeetingFacts per held meeting of the set, in meeting order."""
    return facts_of_sets(session=session, zones={set_id: timezone}).get(set_id, [])


def facts_of_sets(*, session: Session, zones: dict[int, str]) -> dict[int, list[MeetingFacts]]:
    """The facts of several sets (set id → its time zone) in the same handful of queries."""
    if not zones:
        return {}
    meetings = list(
        session.exec(
            select(Meeting)
            .where(
                col(Meeting.set_id).in_(list(zones)),
                Meeting.phase == Phase.CLOSED,
                col(Meeting.started_at).is_not(None),
            )
            .order_by(col(Meeting.set_id), col(Meeting.number))
        )
    )
    if not meetings:
        return {}
    ids = [m.id for m in meetings]
    roster: dict[int, int] = {}
    attended: dict[int, int] = {}
    for meeting_id, status, n in session.exec(
        select(Attendance.meeting_id, Attendance.status, func.count())
        .where(col(Attendance.meeting_id).in_(ids))
        .group_by(col(Attendance.meeting_id), col(Attendance.status))
    ):
        roster[meeting_id] = roster.get(meeting_id, 0) + int(n)
        if status in PRESENT:
            attended[meeting_id] = attended.get(meeting_id, 0) + int(n)
    reports = dict(
        session.exec(
            select(Report.meeting_id, func.count())
            .where(col(Report.meeting_id).in_(ids), Report.complete == True)  # noqa: E712
            .group_by(col(Report.meeting_id))
        ).all()
    )
    statuses: dict[int, list[str]] = {}
    for meeting_id, status in session.exec(
        select(Action.meeting_id, Action.status).where(col(Action.meeting_id).in_(ids))
    ):
        statuses.setdefault(meeting_id, []).append(status)
    ratings: dict[int, list[int]] = {}
    for meeting_id, rating in session.exec(
        select(Reflection.meeting_id, Reflection.rating).where(
            col(Reflection.meeting_id).in_(ids),
            Reflection.final == False,  # noqa: E712
            col(Reflection.rating).is_not(None),
        )
    ):
        if rating is not None:
            ratings.setdefault(meeting_id, []).append(int(rating))
    questions = question_counts_of_sets(session=session, set_ids=list(zones))
    found: dict[int, list[MeetingFacts]] = {}
    committed: dict[int, int] = {}  # set → actions committed at its meetings so far
    for m in meetings:
        earlier = committed.get(m.set_id, 0)
        committed[m.set_id] = earlier + len(statuses.get(m.id or 0, ()))
        found.setdefault(m.set_id, []).append(
            MeetingFacts(
                number=m.number,
                held_on=(m.started_at or m.scheduled_at)
                .astimezone(ZoneInfo(zones[m.set_id]))
                .date(),
                roster=roster.get(m.id or 0, 0),
                attended=attended.get(m.id or 0, 0),
                reports=int(reports.get(m.id or 0, 0)),
                action_statuses=tuple(statuses.get(m.id or 0, ())),
                ratings=tuple(ratings.get(m.id or 0, ())),
                questions=questions.get(m.id or 0, {}),
                # something to report on: actions from before it, or reports that came in
                reportable=earlier > 0 or int(reports.get(m.id or 0, 0)) > 0,
            )
        )
    return found
