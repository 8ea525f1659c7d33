"""What a set exports for the organisation: a Markdown summary and one CSV.

Only learnings their authors marked shareable leave the set, without their authors' names;
everything else is counts (metrics, follow-through) and the set's starred questions.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from bot.flows.metrics import MeetingMetrics, Totals, percent

SOURCE_LABELS = {
    "report": "report-back",
    "reflection": "reflection",
    "final": "final reflection",
}
CSV_COLUMNS = ("section", "meeting", "date", "item", "value", "text")


@dataclass(frozen=True)
class SharedLearning:
    meeting: int
    held_on: date
    source: str
    text: str


@dataclass(frozen=True)
class BankQuestion:
    meeting: int
    held_on: date
    text: str


@dataclass(frozen=True)
class ExportData:
    set_name: str
    theme: str
    status: str
    meetings: list[MeetingMetrics]
    totals: Totals
    learnings: list[SharedLearning]
    questions: list[BankQuestion]


def slug(name: str) -> str:
    """A file-name-safe version of the set's name."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return cleaned[:40] or "set"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def markdown(data: ExportData) -> str:
    t = data.totals
    lines = [f"# {data.set_name}", ""]
    if data.theme:
        lines += [f"_{data.theme}_", ""]
    lines += [
        f"Status: {data.status}. Meetings held: {t.meetings}.",
        "",
        "## Metrics",
        "",
        f"- Attendance: {percent(t.attendance)}",
        f"- Report-backs in: {percent(t.report_rate)}",
        f"- Action follow-through: {percent(t.follow_through.rate)} "
        f"({t.follow_through.done} done, {t.follow_through.partly} partly, "
        f"{t.follow_through.not_done} not done, {t.follow_through.open} open)",
        f"- Questions asked: {t.questions}",
        f"- Average meeting rating: {t.rating if t.rating is not None else '–'} / 5",
        "",
        "| Meeting | Date | Attendance | Report-backs | Done | Partly | Not done | Open "
        "| Questions | Rating |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in data.meetings:
        f = m.follow_through
        rating = m.rating if m.rating is not None else "–"
        lines.append(
            f"| {m.number} | {m.held_on.isoformat()} | {percent(m.attendance)} "
            f"| {percent(m.report_rate)} | {f.done} | {f.partly} | {f.not_done} | {f.open} "
            f"| {m.questions} | {rating} |"
        )
    lines += ["", "## Shared learning", ""]
    if not data.learnings:
        lines.append("No learning has been marked shareable yet.")
    for item in data.learnings:
        label = SOURCE_LABELS.get(item.source, item.source)
        lines.append(f"- Meeting {item.meeting} ({label}): {_one_line(item.text)}")
    lines += ["", "## Question bank", ""]
    if not data.questions:
        lines.append("No questions have been starred yet.")
    for q in data.questions:
        lines.append(f"- {_one_line(q.text)} _(meeting {q.meeting})_")
    return "\n".join(lines) + "\n"


def csv_text(data: ExportData) -> str:
    """One CSV: a `section` column says what each row is (learning, metric, actions, question)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in data.learnings:
        label = SOURCE_LABELS.get(item.source, item.source)
        writer.writerow(("learning", item.meeting, item.held_on.isoformat(), label, "", item.text))
    for m in data.meetings:
        day = m.held_on.isoformat()
        rating = "" if m.rating is None else m.rating
        for name, value in (
            ("attendance", percent(m.attendance)),
            ("report_backs", percent(m.report_rate)),
            ("follow_through", percent(m.follow_through.rate)),
            ("questions", m.questions),
            ("rating", rating),
        ):
            writer.writerow(("metric", m.number, day, name, value, ""))
        f = m.follow_through
        for name, count in (
            ("done", f.done),
            ("partly", f.partly),
            ("not_done", f.not_done),
            ("open", f.open),
        ):
            writer.writerow(("actions", m.number, day, name, count, ""))
    for q in data.questions:
        writer.writerow(("question", q.meeting, q.held_on.isoformat(), "starred", "", q.text))
    return out.getvalue()
