"""The facilitator's view of the next meeting's report-backs: `/set status` and the brief."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.blocks import brief as views
from bot.blocks.text import mention, mentions
from bot.flows import report_back
from bot.services.prompt_plans import apologies_for
from bot.store import repo_actions, repo_meetings, repo_reports, repo_sets
from bot.store.tables import LearningSet, Meeting


def report_progress(
    session: Session,
    row: LearningSet,
    user: str,
    members: list[str],
    meeting: Meeting | None,
) -> str:
    """How the next meeting's report-backs stand; who is missing only for the facilitator."""
    if meeting is None:
        return ""
    done = {
        r.user_id
        for r in repo_reports.reports_for(session=session, meeting_id=meeting.id or 0)
        if r.complete
    }
    reported = [m for m in members if m in done]
    line = f"Report-backs for meeting {meeting.number}: {len(reported)} of {len(members)} in."
    if user == row.facilitator_id:
        missing = [m for m in members if m not in done]
        if missing:
            line += f" Not yet (only you see this): {mentions(missing)}"
    return line


def build_brief(session: Session, row: LearningSet, meeting_id: int) -> views.Brief:
    meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
    assert meeting is not None
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    reports = {
        r.user_id: r for r in repo_reports.reports_for(session=session, meeting_id=meeting_id)
    }
    away = apologies_for(session, row, meeting)
    apologies = [m for m in members if m in away]
    reported = [m for m in members if m in reports and reports[m].complete]
    not_reported = [m for m in members if m not in reported and m not in apologies]
    not_done, airtime = [], []
    meeting_day = meeting.scheduled_at.astimezone(ZoneInfo(row.timezone)).date()
    open_actions = repo_actions.open_actions_of_set(session=session, set_id=row.id or 0)
    for member in members:
        report = report_back.loads(reports[member].data) if member in reports else None
        for action in open_actions.get(member, []):
            if action.meeting_id == meeting_id:
                continue
            outcome = report.outcomes.get(action.id or 0) if report else None
            overdue = action.due_date is not None and action.due_date < meeting_day
            if outcome in (report_back.Outcome.NOT_DONE, report_back.Outcome.PARTLY):
                label = report_back.OUTCOME_LABELS[outcome].lower()
            elif overdue and outcome != report_back.Outcome.DONE:
                label = f"overdue since {action.due_date}"
            else:
                continue
            not_done.append(f"• {mention(member)}: {action.text[:300]} ({label})")
            if member not in airtime:
                airtime.append(member)
    history = repo_meetings.last_presented(session=session, set_id=row.id or 0)
    present = [m for m in members if m not in apologies]
    order = sorted(present, key=lambda m: (m not in airtime, history.get(m, 0)))
    return views.Brief(
        set_name=row.name,
        number=meeting.number,
        when=meeting.scheduled_at,
        reported=reported,
        not_reported=not_reported,
        apologies=apologies,
        not_done=not_done,
        wants_airtime=airtime,
        order=order,
        issues=[
            (m, reports[m].issue_hint) for m in members if m in reports and reports[m].issue_hint
        ],
    )
