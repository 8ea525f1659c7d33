"""The export's one CSV: a `section` column says what each row is (learning, metric,
actions, action, question).

It opens cleanly in a spreadsheet: UTF-8 with a byte-order mark (Excel reads it as UTF-8
only then), numbers as numbers (percentages as whole numbers in `*_percent` items, blank
when there is no data), dates as ISO dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from bot.flows.export import SOURCE_LABELS, ExportData, name_of
from bot.flows.metrics import percent_number

BOM = "\ufeff"
COLUMNS = (
    "section",
    "meeting",
    "date",
    "item",
    "value",
    "text",
    "owner",
    "expected_outcome",
    "status",
    "outcome_text",
    "committed_at_meeting",
    "reported_at_meeting",
    "due_date",
    "note",
)


def csv_text(data: ExportData, names: Mapping[str, str] | None = None) -> str:
    names = names or {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)

    def row(*cells: object) -> None:
        """One row as wide as the header, so a spreadsheet lines every column up."""
        writer.writerow((*cells, *("",) * (len(COLUMNS) - len(cells))))

    for item in data.learnings:
        label = SOURCE_LABELS.get(item.source, item.source)
        author = name_of(item.author, names) if item.author else ""
        row("learning", item.meeting, item.held_on.isoformat(), label, "", item.text, author)
    held_on = {m.number: m.held_on.isoformat() for m in data.meetings}
    for m in data.meetings:
        day = held_on[m.number]
        for name, value in (
            ("attendance_percent", percent_number(m.attendance)),
            ("report_backs_percent", percent_number(m.report_rate)),
            ("follow_through_percent", percent_number(m.follow_through.rate)),
            ("questions", m.questions),
            ("rating", m.rating),
        ):
            row("metric", m.number, day, name, "" if value is None else value, "")
        f = m.follow_through
        for name, count in (
            ("done", f.done),
            ("partly", f.partly),
            ("not_done", f.not_done),
            ("open", f.open),
        ):
            row("actions", m.number, day, name, count, "")
    for a in data.actions:
        writer.writerow(
            (
                "action",
                a.committed,
                held_on.get(a.committed, ""),
                "",
                "",
                a.text,
                name_of(a.owner, names),
                a.expectation,
                a.status,
                a.outcome_text,
                a.committed,
                a.reported or "",
                a.due.isoformat() if a.due else "",
                a.note,
            )
        )
    for q in data.questions:
        row("question", q.meeting, q.held_on.isoformat(), "starred", "", q.text)
    return BOM + out.getvalue()
