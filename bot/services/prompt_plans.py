"""Report-back prompts, reminders and the facilitator's brief, planned as due rows keyed by
meeting × member × kind (delivered by `prompt_delivery` when they fall due)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.flows.meeting_state import Phase, Presence
from bot.flows.prompting import BRIEF_BEFORE, PLANNED, Kind, allowed, plan
from bot.store import repo_jobs, repo_meetings, repo_reports, repo_sets
from bot.store.tables import LearningSet, Meeting

KINDS = tuple(k.value for k in PLANNED)  # a Remind now survives re-planning


def apologies_for(session: Session, row: LearningSet, meeting: Meeting) -> set[str]:
    """Who has sent apologies for a meeting: by button, or by `/set away` covering its day.

    Days away are kept as dates, not stamped on meetings, so they follow a meeting that moves.
    """
    return _apologies(session, row, [meeting])[meeting.id or 0]


def _apologies(session: Session, row: LearningSet, meetings: list[Meeting]) -> dict[int, set[str]]:
    """Apologies for each of these meetings, read in two queries however many."""
    given = repo_meetings.attendance_of_meetings(
        session=session, meeting_ids=[m.id or 0 for m in meetings]
    )
    away = repo_reports.aways_of_set(session=session, set_id=row.id or 0)
    zone = ZoneInfo(row.timezone)
    found: dict[int, set[str]] = {}
    for meeting in meetings:
        day = meeting.scheduled_at.astimezone(zone).date()
        said = given.get(meeting.id or 0, {})
        found[meeting.id or 0] = {u for u, status in said.items() if status == Presence.APOLOGIES}
        found[meeting.id or 0] |= {user for user, first, last in away if first <= day <= last}
    return found


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


def first_meeting(session: Session, row: LearningSet) -> int | None:
    """The set's first meeting, while none has been held: nothing to report on before it."""
    if repo_meetings.count_started(session=session, set_id=row.id or 0):
        return None
    upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
    return upcoming.id if upcoming else None


def plan_meeting(session: Session, row: LearningSet, meeting: Meeting) -> None:
    """(Re)write the meeting's pending prompts, reminder and brief from the set as it is."""
    _plan(session, row, [meeting])


def plan_set(session: Session, row: LearningSet) -> None:
    """Plan every scheduled meeting of a set (after create, settings, members changing)."""
    _plan(session, row, repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0))


def _plan(session: Session, row: LearningSet, meetings: list[Meeting]) -> None:
    """Replace these meetings' pending prompts, reminders and briefs: a handful of queries
    whatever the number of meetings (a cancelled or started one keeps none)."""
    ids = [m.id or 0 for m in meetings]
    repo_jobs.delete_pending_of_meetings(session=session, meeting_ids=ids, kinds=KINDS)
    meetings = [m for m in meetings if m.phase == Phase.SCHEDULED]
    if not meetings:
        return
    people = _people(session, row)
    apologies = _apologies(session, row, meetings)
    first = first_meeting(session, row)
    jobs = []
    for meeting in meetings:
        planned = plan(
            meeting.scheduled_at,
            row.prompt_lead_hours,
            row.reminder_hours,
            people.members,
            row.facilitator_id,
            people.facilitator_zone,
            frozenset(apologies[meeting.id or 0]),
            first=meeting.id == first,
        )
        payloads = ({"team": row.team_id, "user": item.user} for item in planned)
        jobs += [
            (
                meeting.id or 0,
                f"{item.kind.value}:{meeting.id}:{item.user}",
                item.kind.value,
                item.due,
                payload,
            )
            for item, payload in zip(planned, payloads, strict=True)
        ]
    repo_jobs.ensure_for_meetings(session=session, jobs=jobs)


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
            Kind.WELCOME: timedelta(hours=row.prompt_lead_hours),
            Kind.REMINDER: timedelta(hours=row.reminder_hours),
            Kind.BRIEF: BRIEF_BEFORE,
        }[Kind(job.kind)]
        # A person with no zone in their Slack profile keeps the set's.
        due = allowed(meeting.scheduled_at - before, zone or row.timezone, meeting.scheduled_at)
        repo_jobs.move(session=session, job_id=job.id or 0, due_at=due)
