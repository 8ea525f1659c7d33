"""A programme's report for its leads (`/set programme export`), read in one go: the
same figures as the console, what members shared, and the follow-ups."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlmodel import Session

from bot.blocks.text import escape
from bot.flows import metrics, themes
from bot.flows import programme as console
from bot.flows.export import slug
from bot.flows.programme_export import ProgrammeReport, SetReport
from bot.services.home_programme import set_facts, stop_words_for
from bot.services.result import ExportFile, Upload, UploadFile
from bot.store import repo_follow_ups, repo_metrics, repo_programmes
from bot.store.tables_programme import Programme

FAILED = "Slack wouldn't take the programme's report just now. Run `/set programme export` again."


def report_of(session: Session, programme: Programme, today: date) -> ProgrammeReport:
    pid = programme.id or 0
    rows = repo_programmes.sets_of(session=session, programme_id=pid)
    facts = repo_metrics.facts_of_sets(session=session, zones={r.id or 0: r.timezone for r in rows})
    its = set_facts(rows, facts)
    shared = repo_programmes.shared_learnings(session=session, programme_ids=[pid], limit=5000)
    answered = repo_follow_ups.of_programme(session=session, programme_id=pid)
    stop = stop_words_for(repo_programmes.locales(session=session, programme_ids=[pid]))
    set_rows = [console.row(f, today) for f in its]
    reports = []
    for item, row in zip(its, set_rows, strict=True):
        mine = [f for f in answered if f.set_id == item.set_id]
        reports.append(
            SetReport(
                row=row,
                meetings=metrics.trend(item.meetings),
                shared=[
                    (number, x.text, x.user_id if x.named else None)
                    for _, _, number, x in reversed(shared)
                    if x.set_id == item.set_id
                ],
                follow_ups=dict(Counter(f.status for f in mine)),
                answers=[
                    (f.changed, f.kept) for f in mine if f.status == "answered" and f.shareable
                ],
            )
        )
    return ProgrammeReport(
        name=programme.name,
        exported_on=today,
        leads=repo_programmes.leads(session=session, programme_id=pid),
        totals=console.programme_totals(its, set_rows),
        sets=reports,
        themes=themes.themes((themes.Shared(x.set_id, x.text) for *_, x in shared), stop),
    )


def upload_of(session: Session, programme: Programme, user: str, today: date) -> Upload:
    report = report_of(session, programme, today)
    name = f"{slug(programme.name)}-programme"
    files = (
        UploadFile(f"{name}.md", f"{programme.name}: report", ExportFile(report, "markdown")),
        UploadFile(
            f"{name}.csv", f"{programme.name}: sets and meetings", ExportFile(report, "csv")
        ),
    )
    comment = (
        f"📦 The programme *{escape(programme.name)}*: {len(report.sets)} sets, their figures, the "
        "learning members shared, recurring themes and follow-ups (only what members chose "
        "to share). The CSV has a row per set and meeting."
    )
    return Upload(user, files, comment, FAILED)
