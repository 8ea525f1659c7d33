"""Report-back prompts, reminders and the facilitator's brief, planned as due rows keyed by
meeting × member × kind (delivered by `prompt_delivery` when they fall due)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.flows.meeting_state import Phase, Presence
from bot.flows.prompting import BRIEF_BEFORE, Kind, allowed, plan
from bot.store import repo_jobs, repo_meetings, repo_reports, repo_sets
from bot.store.tables import LearningSet, Meeting

KINDS = tuple(k.value for k in Kind)


def apologies_for(session: Session, row: LearningSet, meeting: Meeting) -> set[str]:
    """Who has sent apologies for a meeting: by button, or by `/set away` covering its day.

    Days away are kept as dates, not stamped on meetings, so they follow a meeting that moves.
    """
    given = {
        user
        for user, status in repo_meetings.attendance(
            session=session, meeting_id=meeting.id or 0
        ).items()
        if status == Presence.APOLOGIES
    }
    local_day = meeting.scheduled_at.astimezone(ZoneInfo(row.timezone)).date()
    return given | repo_reports.away_on(session=session, set_id=row.id or 0, day=local_day)


@dataclass(frozen=True)
class _People:
    """A set's members and the time zones to plan in: the same for all its meetings."""

    members: dict[str, str]  # member → zone
    facilitator_zone: str


def _people(session: Session, row: LearningSet) -> _People:
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    zones = repo_reports.known_zones(
        session=session, team_id=row.team_id, user_ids=[*members, row.facilitator_id]
    )
    return _People(
        members={m: zones.get(m) or row.timezone for m in members},
        facilitator_zone=zones.get(row.facilitator_id) or row.timezone,
    )


def plan_meeting(
    session: Session, row: LearningSet, meeting: Meeting, people: _People | None = None
) -> None:
    """(Re)write the meeting's pending prompts, reminder and brief from the set as it is."""
    repo_jobs.delete_pending(session=session, meeting_id=meeting.id or 0, kinds=KINDS)
    if meeting.phase != Phase.SCHEDULED:
        return
    people = people or _people(session, row)
    apologies = apologies_for(session, row, meeting)
    planned = plan(
        meeting.scheduled_at,
        row.prompt_lead_hours,
        row.reminder_hours,
        people.members,
        row.facilitator_id,
        people.facilitator_zone,
        frozenset(apologies),
    )
    repo_jobs.ensure_many(
        session=session,
        meeting_id=meeting.id or 0,
        jobs=[
            (
                f"{item.kind.value}:{meeting.id}:{item.user}",
                item.kind.value,
                item.due,
                {"team": row.team_id, "user": item.user},
            )
            for item in planned
        ],
    )


def replan_for_zone(session: Session, user: str, zone: str | None) -> None:
    """A person's real time zone is known now: move their pending messages out of its
    quiet hours (they were planned in the set's zone)."""
    meetings = {m.id: m for m in repo_meetings.scheduled_for_member(session=session, user_id=user)}
    jobs = repo_jobs.pending_for(
        session=session, user_id=user, meeting_ids=[i for i in meetings if i], kinds=KINDS
    )
    for job in jobs:
        meeting = meetings.get(job.meeting_id)
        row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
        if meeting is None or row is None:
            continue
        before = {
            Kind.PROMPT: timedelta(hours=row.prompt_lead_hours),
            Kind.REMINDER: timedelta(hours=row.reminder_hours),
            Kind.BRIEF: BRIEF_BEFORE,
        }[Kind(job.kind)]
        # A person with no zone in their Slack profile keeps the set's.
        due = allowed(meeting.scheduled_at - before, zone or row.timezone, meeting.scheduled_at)
        repo_jobs.move(session=session, job_id=job.id or 0, due_at=due)


def plan_set(session: Session, row: LearningSet) -> None:
    """Plan every scheduled meeting of a set (after create, settings, members changing)."""
    people = _people(session, row)
    for meeting in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0):
        plan_meeting(session, row, meeting, people)
