"""`/set export`: the set's record (every meeting's summary, every action and what became of
it), its shareable learnings, follow-through and metrics, by DM.

Only learnings their authors marked shareable leave the set. The files go to the
facilitator's DM with the bot through slack-sdk's `files_upload_v2`.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bot.blocks.text import escape, plural
from bot.flows import export, metrics
from bot.flows.actions import tally
from bot.flows.meeting_state import PRESENT, Presence
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import any_set, life_status, require_facilitator
from bot.services.result import Done, ExportFile, TrendPicture, Upload, UploadFile
from bot.store import (
    repo_actions,
    repo_learning,
    repo_meetings,
    repo_metrics,
    repo_questions,
    repo_reports,
)
from bot.store.tables import LearningSet

PREPARING = "📦 Preparing the export: it arrives in your DMs with me in a moment."
FAILED = (
    "Slack wouldn't take the export files just now. Please try `/set export` again in a minute."
)


def export_data(session: Session, row: LearningSet) -> export.ExportData:
    """Everything the export holds, read in one transaction."""
    set_id = row.id or 0
    facts = repo_metrics.facts(session=session, set_id=set_id, timezone=row.timezone)
    held_on = {f.number: f.held_on for f in facts}
    number_of = {m.id: m.number for m in repo_metrics.held_meetings(session=session, set_id=set_id)}
    learnings = [
        export.SharedLearning(
            m.number,
            held_on.get(m.number, date.min),
            item.source,
            item.text,
            item.user_id if item.named else None,
        )
        for item, m in repo_learning.shareable_learnings(session=session, set_id=set_id)
    ]
    bank = []
    for question in repo_questions.question_bank(session=session, set_id=set_id):
        number = number_of.get(question.meeting_id, 0)
        bank.append(export.BankQuestion(number, held_on.get(number, date.min), question.text))
    trend = metrics.trend(facts)
    return export.ExportData(
        set_name=row.name,
        theme=row.theme,
        status=life_status(row),
        meetings=trend,
        totals=metrics.totals(facts),
        learnings=learnings,
        questions=bank,
        actions=_actions(session, set_id),
        records=_records(session, set_id, facts, trend),
    )


def _actions(session: Session, set_id: int) -> list[export.ExportAction]:
    """Every action of the set, in the order they were agreed, with what became of it."""
    number = {m.id: m.number for m in repo_meetings.meetings_of_set(session=session, set_id=set_id)}
    return [
        export.ExportAction(
            owner=a.owner_id,
            text=a.text,
            expectation=a.expectation,
            status=a.status,
            outcome_text=a.outcome_text,
            committed=number.get(a.meeting_id, 0),
            reported=number.get(a.reported_meeting_id) if a.reported_meeting_id else None,
            due=a.due_date,
            note=a.note,
        )
        for a in repo_actions.actions_of_set(session=session, set_id=set_id)
    ]


def _records(
    session: Session,
    set_id: int,
    facts: list[metrics.MeetingFacts],
    trend: list[metrics.MeetingMetrics],
) -> list[export.MeetingRecord]:
    """Each held meeting's summary: attendance, the report-back round, what was agreed."""
    held = repo_metrics.held_meetings(session=session, set_id=set_id)
    ids = [m.id or 0 for m in held]
    present = repo_meetings.attendance_of_meetings(session=session, meeting_ids=ids)
    reporters = repo_reports.reporters_of_meetings(session=session, meeting_ids=ids)
    outcomes = repo_actions.reported_outcomes(session=session, set_id=set_id)
    by_number = {f.number: (f, m) for f, m in zip(facts, trend, strict=True)}
    records = []
    for meeting in held:
        if meeting.number not in by_number:
            continue
        fact, shown = by_number[meeting.number]
        said = present.get(meeting.id or 0, {})
        told = outcomes.get(meeting.id or 0, {})
        records.append(
            export.MeetingRecord(
                number=meeting.number,
                held_on=fact.held_on,
                attended=sorted(u for u, s in said.items() if s in PRESENT),
                apologies=sorted(u for u, s in said.items() if s == Presence.APOLOGIES),
                absent=sorted(u for u, s in said.items() if s == Presence.ABSENT),
                report_back=[
                    (u, tally(told.get(u, {}).values()))
                    for u in sorted(reporters.get(meeting.id or 0, set()))
                ],
                report_round=fact.reportable,
                agreed=len(fact.action_statuses),
                questions=shown.questions,
                rating=shown.rating,
            )
        )
    return records


def upload_for(session: Session, row: LearningSet, user: str) -> Upload:
    """The export's files for the facilitator's DM; DomainError if they may not have it,
    or there is nothing to export yet. The files are drawn and sent after the ack."""
    require_facilitator(row, user, "export the set")
    data = export_data(session, row)
    if not data.meetings:
        raise DomainError(
            f"*{escape(row.name)}* hasn't held a meeting yet, so there's nothing to "
            "export. Export after its first meeting."
        )
    name = export.slug(row.name)
    files = (
        UploadFile(f"{name}-summary.md", f"{row.name}: summary", ExportFile(data, "markdown")),
        UploadFile(
            f"{name}-export.csv",
            f"{row.name}: actions, learnings, follow-through and metrics",
            ExportFile(data, "csv"),
        ),
        UploadFile(
            f"{name}-trend.png", f"{row.name}: trend", TrendPicture(row.name, data.meetings)
        ),
    )
    held = plural(data.totals.meetings, "meeting")
    comment = (
        f"📦 Export of *{escape(row.name)}*: {held} with their summaries, "
        f"{plural(len(data.actions), 'action')} with what became of them, "
        f"{plural(len(data.learnings), 'shareable learning')} (only those marked "
        "shareable by their authors), follow-through and metrics. The CSV is UTF-8 and "
        "opens in a spreadsheet."
    )
    return Upload(user, files, comment, FAILED)


class ExportService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def export(self, team: str, channel: str, user: str) -> Done:
        """`/set export`: checked now, the files follow in the facilitator's DM."""
        with self.deps.session() as session:
            row = any_set(session, team, channel)
            return Done.say(PREPARING, upload_for(session, row, user))
