"""What a set exports for its facilitator: a Markdown summary and one CSV.

Learnings leave the set only when their authors marked them shareable, and without their
names unless they chose to be named. The record of actions is whole: every action with its
owner, what they expected, what became of it and when, so the set's follow-through can be
read (and audited) later.
Names are resolved when the files are drawn (`names`: user id → name); a member who asked to
be forgotten shows as "a former member".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.flows.actions import STATUS_WORDS, ActionStatus
from bot.flows.metrics import MeetingMetrics, Totals, percent

SOURCE_LABELS = {
    "report": "report-back",
    "reflection": "reflection",
    "final": "final reflection",
}
FORMER_MEMBER = "a former member"
_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")


@dataclass(frozen=True)
class SharedLearning:
    meeting: int
    held_on: date
    source: str
    text: str
    author: str | None = None  # only when they shared it with their name


@dataclass(frozen=True)
class BankQuestion:
    meeting: int
    held_on: date
    text: str


@dataclass(frozen=True)
class ExportAction:
    owner: str  # a user id (or a forgotten member's alias)
    text: str
    expectation: str
    status: str  # an ActionStatus
    outcome_text: str
    committed: int  # the number of the meeting it was agreed in
    reported: int | None  # the meeting whose report-back gave its outcome
    due: date | None = None
    note: str = ""


@dataclass(frozen=True)
class MeetingRecord:
    """One held meeting's summary, as the export keeps it."""

    number: int
    held_on: date
    attended: Sequence[str] = ()
    apologies: Sequence[str] = ()
    absent: Sequence[str] = ()
    report_back: Sequence[tuple[str, str]] = ()  # (member, "1 done, 1 partly")
    report_round: bool = True  # a set's first meeting has none
    agreed: int = 0  # actions agreed in it
    questions: int = 0
    rating: float | None = None


@dataclass(frozen=True)
class ExportData:
    set_name: str
    theme: str
    status: str
    meetings: list[MeetingMetrics]
    totals: Totals
    learnings: list[SharedLearning]
    questions: list[BankQuestion]
    actions: list[ExportAction] = field(default_factory=list)
    records: list[MeetingRecord] = field(default_factory=list)

    def people(self) -> list[str]:
        """Everyone the files name, for their names to be looked up."""
        found = {a.owner for a in self.actions} | {x.author for x in self.learnings if x.author}
        for r in self.records:
            found |= {*r.attended, *r.apologies, *r.absent, *(u for u, _ in r.report_back)}
        return sorted(u for u in found if _USER_ID.match(u))


def slug(name: str) -> str:
    """A file-name-safe version of the set's name."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return cleaned[:40] or "set"


def name_of(user: str, names: Mapping[str, str]) -> str:
    if not _USER_ID.match(user):
        return FORMER_MEMBER
    return names.get(user) or f"user {user}"


def status_label(status: str) -> str:
    try:
        return STATUS_WORDS[ActionStatus(status)]
    except ValueError:
        return status


def one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return one_line(text).replace("|", "\\|") or "–"


def markdown(data: ExportData, names: Mapping[str, str] | None = None) -> str:
    names = names or {}
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
    lines += ["", "## Meetings", ""]
    for record in data.records:
        lines += _record(record, names)
    lines += _actions(data.actions, names)
    lines += ["", "## Shared learning", ""]
    if not data.learnings:
        lines.append("No learning has been marked shareable yet.")
    for item in data.learnings:
        label = SOURCE_LABELS.get(item.source, item.source)
        said = f" — {name_of(item.author, names)}" if item.author else ""
        lines.append(f"- Meeting {item.meeting} ({label}): {one_line(item.text)}{said}")
    lines += ["", "## Question bank", ""]
    if not data.questions:
        lines.append("No questions have been starred yet.")
    for q in data.questions:
        lines.append(f"- {one_line(q.text)} _(meeting {q.meeting})_")
    return "\n".join(lines) + "\n"


def _people(users: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(name_of(u, names) for u in users) or "nobody"


def _record(r: MeetingRecord, names: Mapping[str, str]) -> list[str]:
    """One meeting's summary: who came, what the report-back round said, what was agreed."""
    if not r.report_round:
        told = "none (the set's first meeting: nothing to report on yet)"
    elif r.report_back:
        told = "; ".join(f"{name_of(u, names)}: {said}" for u, said in r.report_back)
    else:
        told = "nobody reported"
    rating = f"{r.rating} / 5" if r.rating is not None else "–"
    return [
        f"### Meeting {r.number} · {r.held_on.isoformat()}",
        "",
        f"- Attended: {_people(r.attended, names)}",
        f"- Apologies: {_people(r.apologies, names)}",
        f"- Absent: {_people(r.absent, names)}",
        f"- Report-back: {told}",
        f"- Actions agreed: {r.agreed}",
        f"- Questions asked: {r.questions} · Rating: {rating}",
        "",
    ]


def _actions(actions: Sequence[ExportAction], names: Mapping[str, str]) -> list[str]:
    lines = ["## Actions", ""]
    if not actions:
        return [*lines, "No actions have been agreed yet."]
    lines += [
        "| Owner | Action | Expected outcome | Due | Status | What happened | Agreed in "
        "| Reported at | Note |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for a in actions:
        due = a.due.isoformat() if a.due else "next meeting"
        reported = f"meeting {a.reported}" if a.reported else "–"
        lines.append(
            f"| {_cell(name_of(a.owner, names))} | {_cell(a.text)} | {_cell(a.expectation)} "
            f"| {due} | {status_label(a.status)} | {_cell(a.outcome_text)} "
            f"| meeting {a.committed} | {reported} | {_cell(a.note)} |"
        )
    return lines
