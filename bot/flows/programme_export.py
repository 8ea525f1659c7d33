"""What a programme exports for its leads: a Markdown report (per set: figures, shared
learnings, themes; programme totals; the follow-up answers members shared) and a CSV with
one row per set and meeting, numbers as numbers. Only what members chose to share, and
counts, leave the sets: never a report, a reflection, a rating per person or an action."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.flows.export import name_of, one_line
from bot.flows.metrics import MeetingMetrics, percent, percent_number
from bot.flows.programme import ProgrammeTotals, SetRow, rate_words
from bot.flows.themes import Theme

FOLLOW_UP_WORDS = {
    "answered": "answered",
    "asked": "asked, no answer yet",
    "planned": "not asked yet",
    "declined": "said not now",
    "unreachable": "not reachable",
}


@dataclass(frozen=True)
class SetReport:
    row: SetRow
    meetings: Sequence[MeetingMetrics] = ()
    shared: Sequence[tuple[int, str, str | None]] = ()  # (meeting, text, author if named)
    follow_ups: Mapping[str, int] = field(default_factory=dict)  # status → how many
    answers: Sequence[tuple[str, str]] = ()  # shared follow-ups: (what changed, what kept)


@dataclass(frozen=True)
class ProgrammeReport:
    name: str
    exported_on: date
    leads: Sequence[str]
    totals: ProgrammeTotals
    sets: Sequence[SetReport]
    themes: Sequence[Theme] = ()

    def people(self) -> list[str]:
        """Everyone the files name, for their names to be looked up."""
        found = set(self.leads) | {s.row.facilitator for s in self.sets}
        found |= {a for s in self.sets for _, _, a in s.shared if a}
        return sorted(found)


def _figures(row: SetRow) -> str:
    parts = [f"{row.held} of {row.planned} meetings held" if row.planned else f"{row.held} held"]
    if row.last_met:
        parts.append(f"last met {row.last_met.isoformat()}")
    parts += rate_words(row.attendance, row.report_rate, row.follow_through)
    if row.rating is not None:
        parts.append(f"rating {row.rating}/5")
    return ", ".join(parts)


def markdown(report: ProgrammeReport, names: Mapping[str, str]) -> str:
    t = report.totals
    lines = [
        f"# Programme: {one_line(report.name)}",
        "",
        f"Exported {report.exported_on.isoformat()}. Leads: "
        + ", ".join(name_of(u, names) for u in report.leads)
        + ".",
        "",
        "Only counts and what members chose to share leave the sets.",
        "",
        "## Totals",
        "",
        f"- Sets: {t.sets} ({t.at_risk} at risk)",
        f"- Meetings held: {t.held}",
    ]
    for label, value in (
        ("Attendance", t.attendance),
        ("Report-backs", t.report_rate),
        ("Follow-through (done or partly, of those reported)", t.follow_through),
    ):
        lines.append(f"- {label}: {percent(value) if value is not None else 'no data yet'}")
    if t.rating is not None:
        lines.append(f"- Average rating: {t.rating}/5")
    lines += ["", "## Recurring themes", ""]
    if not report.themes:
        lines.append("No theme recurs in two or more sets yet.")
    for theme in report.themes:
        lines.append(f"- **{theme.term}**: {theme.sets} sets")
    lines += ["", "## Sets"]
    for item in report.sets:
        row = item.row
        lines += [
            "",
            f"### {one_line(row.name)}",
            "",
            f"Facilitator: {name_of(row.facilitator, names)}. {_figures(row)}."
            + (" Closed." if row.closed else ""),
        ]
        if row.risks:
            lines.append(f"At risk: {'; '.join(row.risks)}.")
        lines += ["", "Shared learning:", ""]
        if not item.shared:
            lines.append("- None shared yet.")
        for meeting, text, author in item.shared:
            said = f" — {name_of(author, names)}" if author else ""
            lines.append(f"- Meeting {meeting}: {one_line(text)}{said}")
        if item.follow_ups:
            counts = ", ".join(
                f"{n} {FOLLOW_UP_WORDS.get(status, status)}"
                for status, n in sorted(item.follow_ups.items())
            )
            lines += ["", f"Follow-up: {counts}."]
            for changed, kept in item.answers:
                lines.append(
                    f"- Changed: {one_line(changed)}" + (f" Kept: {one_line(kept)}" if kept else "")
                )
    return "\n".join(lines) + "\n"


COLUMNS = (
    "set",
    "channel",
    "meeting",
    "held_on",
    "attendance_pct",
    "report_back_pct",
    "actions_done",
    "actions_partly",
    "actions_not_done",
    "actions_open",
    "rating",
    "questions",
)


def csv_text(report: ProgrammeReport, names: Mapping[str, str] | None = None) -> str:
    """One row per set and meeting held; a number cell is a number (or empty: no data)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in report.sets:
        for m in item.meetings:
            f = m.follow_through
            writer.writerow(
                (
                    item.row.name,
                    item.row.channel,
                    m.number,
                    m.held_on.isoformat(),
                    _number(percent_number(m.attendance)),
                    _number(percent_number(m.report_rate)),
                    f.done,
                    f.partly,
                    f.not_done,
                    f.open,
                    "" if m.rating is None else m.rating,
                    m.questions,
                )
            )
    return out.getvalue()


def _number(value: int | None) -> object:
    return "" if value is None else value
