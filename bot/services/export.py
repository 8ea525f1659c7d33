"""`/set export`: the set's shareable learnings, follow-through and metrics, by DM.

Only learnings their authors marked shareable leave the set. The files go to the
facilitator's DM with the bot through slack-sdk's `files_upload_v2`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot import chart
from bot.blocks.text import escape, plural
from bot.flows import export, metrics
from bot.services.core import UPLOAD_FAILURES, Deps, DomainError, log, upload_error
from bot.services.sets import any_set, life_status, require_facilitator
from bot.store import repo_learning, repo_metrics, repo_questions, repo_sets
from bot.store.tables import LearningSet


@dataclass(frozen=True)
class ExportJob:
    user: str
    set_name: str
    data: export.ExportData


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


class ExportService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def prepare(self, team: str, channel: str, user: str) -> ExportJob:
        """Check the export may happen; the files are made and sent after the ack."""
        with self.deps.session() as session:
            row = any_set(session, team, channel)
            return self._job(session, row, user)

    def prepare_by_id(self, team: str, user: str, set_id: int) -> ExportJob:
        with self.deps.session() as session:
            row = repo_sets.get_set(session=session, set_id=set_id)
            if row is None or row.team_id != team:
                raise DomainError("That set no longer exists.")
            return self._job(session, row, user)

    def _job(self, session: Session, row: LearningSet, user: str) -> ExportJob:
        require_facilitator(row, user, "export the set")
        data = export_data(session, row)
        if not data.meetings:
            raise DomainError(
                f"*{escape(row.name)}* hasn't held a meeting yet, so there's nothing to "
                "export. Export after its first meeting."
            )
        return ExportJob(user, row.name, data)

    def send(self, client: WebClient, job: ExportJob) -> None:
        """Upload the Markdown summary, the CSV and the chart to the facilitator's DM."""
        name = export.slug(job.set_name)
        files: list[dict[str, Any]] = [
            {
                "content": export.markdown(job.data),
                "filename": f"{name}-summary.md",
                "title": f"{job.set_name}: summary",
            },
            {
                "content": export.csv_text(job.data),
                "filename": f"{name}-export.csv",
                "title": f"{job.set_name}: learnings, follow-through and metrics",
            },
            {
                "content": chart.trend_png(job.set_name, job.data.meetings),
                "filename": f"{name}-trend.png",
                "title": f"{job.set_name}: trend",
            },
        ]
        shared = len(job.data.learnings)
        held = plural(job.data.totals.meetings, "meeting")
        comment = (
            f"📦 Export of *{escape(job.set_name)}*: {held}, "
            f"{plural(shared, 'shareable learning')} (only those marked "
            "shareable by their authors), follow-through and metrics."
        )
        try:
            dm = str(client.conversations_open(users=job.user)["channel"]["id"])
            client.files_upload_v2(channel=dm, file_uploads=files, initial_comment=comment)
        except UPLOAD_FAILURES as error:
            log.warning("export of %s failed: %s", job.set_name, upload_error(error))
            try:
                client.chat_postMessage(
                    channel=job.user,
                    text="Slack wouldn't take the export files just now. Please try "
                    "`/set export` again in a minute.",
                )
            except SlackApiError:
                log.warning("could not tell %s the export failed", job.user)
