"""The facilitator's view of the next meeting's report-backs: `/set status` and the brief,
which is one DM kept up to date as reports, apologies and reminders happen."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.blocks import brief as views
from bot.blocks.report import CARRIED
from bot.blocks.text import clip, escape, mention, mentions, slack_day
from bot.flows import report_back
from bot.flows.meeting_state import Phase
from bot.flows.order import fair_order, meeting_seed
from bot.flows.prompting import Kind
from bot.services.prompt_plans import apologies_for, first_meeting
from bot.services.result import Effect, Update
from bot.store import (
    meeting_outlook,
    repo_actions,
    repo_jobs,
    repo_meetings,
    repo_reports,
    repo_sets,
    repo_turns,
)
from bot.store.tables import Action, LearningSet, Meeting


def report_progress(
    session: Session,
    row: LearningSet,
    user: str,
    members: list[str],
    outlook: meeting_outlook.Outlook,
) -> str:
    """How the next meeting's report-backs stand; who is missing only for the facilitator."""
    meeting, number = outlook.next_id, outlook.next_number
    if meeting is None:
        return ""
    if not outlook.held:
        # the next scheduled meeting: with none held yet, it is the set's first
        return f"Meeting {number} is the set's first: no report-backs before it."
    reporters = repo_reports.reporters_of_meetings(session=session, meeting_ids=[meeting])
    done = reporters.get(meeting, set())
    reported = [m for m in members if m in done]
    line = f"Report-backs for meeting {number}: {len(reported)} of {len(members)} in."
    if user == row.facilitator_id:
        missing = [m for m in members if m not in done]
        if missing:
            line += f" Not yet (only you see this): {mentions(missing)}"
    return line


def brief_update(session: Session, row: LearningSet, meeting: Meeting) -> list[Effect]:
    """The brief, rewritten in place, if it was sent and its meeting hasn't ended."""
    if not (meeting.brief_ts and meeting.brief_channel) or meeting.phase in (
        Phase.CLOSED,
        Phase.CANCELLED,
    ):
        return []
    found = build_brief(session, row, meeting.id or 0)
    text = brief_text(row, found)
    blocks = views.brief(found)
    return [Update(meeting.brief_channel, text, blocks, ts=meeting.brief_ts)]


def next_brief(session: Session, row: LearningSet) -> list[Effect]:
    """The brief of the set's running (or else next) meeting, rewritten if it was sent (an
    action changed in App Home: its carried actions and notes follow)."""
    set_id = row.id or 0
    meeting = repo_meetings.running_meeting(
        session=session, set_id=set_id
    ) or repo_meetings.next_scheduled(session=session, set_id=set_id)
    return brief_update(session, row, meeting) if meeting is not None else []


def brief_text(row: LearningSet, found: views.Brief) -> str:
    return f"Brief for {escape(row.name)}, meeting {found.number}"


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
    actions = repo_actions.open_actions_of_set(
        session=session, set_id=row.id or 0, reported_at=meeting_id
    )
    said = {m: report_back.loads(reports[m].data) for m in reported}
    not_done, airtime = [], []
    meeting_day = meeting.scheduled_at.astimezone(ZoneInfo(row.timezone)).date()
    for member in members:
        report = said.get(member)
        for action in actions.get(member, []):
            if action.meeting_id == meeting_id or action.status not in repo_actions.LISTED:
                continue
            outcome = report.outcomes.get(action.id or 0) if report else None
            overdue = action.due_date is not None and action.due_date < meeting_day
            if outcome in (report_back.Outcome.NOT_DONE, report_back.Outcome.PARTLY):
                label = report_back.OUTCOME_LABELS[outcome].lower()
            elif action.status in CARRIED and outcome is None:
                label = CARRIED[action.status]
            elif overdue and action.due_date and outcome != report_back.Outcome.DONE:
                label = f"overdue since {slack_day(action.due_date)}"
            else:
                continue
            not_done.append(_carried_line(member, action, label))
            if member not in airtime:
                airtime.append(member)
    history = repo_turns.last_presented(session=session, set_id=row.id or 0)
    present = [m for m in members if m not in apologies]
    order = list(fair_order(present, history, meeting_seed(meeting_id)))  # as the meeting will
    reminded = repo_jobs.people_with_job(
        session=session, meeting_id=meeting_id, kind=Kind.REMIND_NOW.value
    )
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
        reports=[_member_report(m, said[m], actions.get(m, [])) for m in reported],
        waiting=[
            views.Waiting(m, m in reminded, bool(m in reports and reports[m].reminder_ts))
            for m in not_reported
        ],
        meeting_id=meeting_id,
        first=_is_first(session, row, meeting),
        can_remind=meeting.phase == Phase.SCHEDULED,
        facilitator=row.facilitator_id,
    )


def _is_first(session: Session, row: LearningSet, meeting: Meeting) -> bool:
    """A set's first meeting: no other meeting of the set has taken place."""
    if meeting.started_at is None:
        return first_meeting(session, row) == meeting.id
    return repo_meetings.count_started(session=session, set_id=row.id or 0) == 1


def _member_report(
    member: str, report: report_back.Report, actions: list[Action]
) -> views.MemberReport:
    by_id = {a.id: a for a in actions}
    lines = []
    for action_id, outcome in sorted(report.outcomes.items()):
        action = by_id.get(action_id)
        if action is None:
            continue
        line = f"{escape(clip(action.text, 300))} — *{report_back.OUTCOME_LABELS[outcome]}*"
        words = report.outcome_texts.get(action_id)
        if words:
            line += f": {escape(clip(words, 300))}"
        if action.note:
            line += f"\n   📝 _{escape(clip(action.note, 200))}_"
        lines.append(line)
    return views.MemberReport(member, report.answers, lines)


def _carried_line(member: str, action: Action, label: str) -> str:
    line = f"• {mention(member)}: {escape(clip(action.text, 300))} ({label})"
    if action.note:
        line += f"\n   📝 _{escape(clip(action.note, 300))}_"
    return line
