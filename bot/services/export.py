"""`/set export`: the set's shareable learnings, follow-through and metrics, by DM.

Only learnings their authors marked shareable leave the set. The files go to the
facilitator's DM with the bot through slack-sdk's `files_upload_v2`.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bot.blocks.text import escape, plural
from bot.flows import export, metrics
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import any_set, life_status, require_facilitator
from bot.services.result import Done, TrendPicture, Upload, UploadFile
from bot.store import repo_learning, repo_metrics, repo_questions
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
        export.SharedLearning(m.number, held_on.get(m.number, date.min), item.source, item.text)
        for item, m in repo_learning.shareable_learnings(session=session, set_id=set_id)
    ]
    bank = []
    for question in repo_questions.question_bank(session=session, set_id=set_id):
        number = number_of.get(question.meeting_id, 0)
        bank.append(export.BankQuestion(number, held_on.get(number, date.min), question.text))
    return export.ExportData(
        set_name=row.name,
        theme=row.theme,
        status=life_status(row),
        meetings=metrics.trend(facts),
        totals=metrics.totals(facts),
        learnings=learnings,
        questions=bank,
    )


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
        UploadFile(f"{name}-summary.md", f"{row.name}: summary", export.markdown(data)),
        UploadFile(
            f"{name}-export.csv",
            f"{row.name}: learnings, follow-through and metrics",
            export.csv_text(data),
        ),
        UploadFile(
            f"{name}-trend.png", f"{row.name}: trend", TrendPicture(row.name, data.meetings)
        ),
    )
    held = plural(data.totals.meetings, "meeting")
    comment = (
        f"📦 Export of *{escape(row.name)}*: {held}, "
        f"{plural(len(data.learnings), 'shareable learning')} (only those marked "
        "shareable by their authors), follow-through and metrics."
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
