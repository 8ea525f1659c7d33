"""App Home for facilitators: each set's health, meeting by meeting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks import ids
from bot.blocks.text import button, clip, escape, mention, plural, section, slack_day
from bot.flows.metrics import MeetingMetrics, Totals, percent
from bot.flows.set_life import SetStatus

MAX_METRIC_ROWS = 12
# Revans's learning equation, in one line for those who haven't met it.
LPQ = (
    "L = P + Q: learning comes from programmed knowledge (P) and questioning insight (Q); "
    "the count is the questions each member asked in others' issue rounds."
)


@dataclass(frozen=True)
class SetHealth:
    id: int
    name: str
    status: SetStatus
    meetings: Sequence[MeetingMetrics]
    totals: Totals
    questions: Sequence[tuple[str, int]] = ()
    bank: Sequence[str] = ()
    nudge: bool = True
    rota: str | None = None
    chart_file_id: str | None = None


def _meeting_row(m: MeetingMetrics) -> str:
    """One meeting's figures; one with no data (no report-backs at a first meeting, no
    actions due) is left out rather than shown as a dash."""
    parts = [
        f"{label} {percent(value)}"
        for label, value in (("attendance", m.attendance), ("report-backs", m.report_rate))
        if value is not None
    ]
    f = m.follow_through
    if f.done or f.partly or f.not_done:
        parts.append(f"actions {f.done} done / {f.partly} partly / {f.not_done} not done")
    return f"Meeting {m.number} ({slack_day(m.held_on)}): " + (", ".join(parts) or "held")


def health_blocks(item: SetHealth) -> list[dict[str, Any]]:
    """One facilitated set's health: its figures by meeting, chart, questions and buttons."""
    t = item.totals
    f = t.follow_through
    state = {SetStatus.CLOSED: " (closed)", SetStatus.SUSPENDED: " (suspended)"}.get(
        item.status, ""
    )
    # A figure with no data yet says nothing: no "–" to puzzle over.
    figures = [
        f"{label} {percent(value)}"
        for label, value in (
            ("Attendance", t.attendance),
            ("Report-backs", t.report_rate),
            ("Follow-through", f.rate),
        )
        if value is not None
    ]
    if f.rate is not None:
        figures[-1] += f" ({f.done} done, {f.partly} partly, {f.not_done} not done, {f.open} open)"
    if t.rating is not None:
        figures.append(f"Rating {t.rating}/5")
    held = plural(t.meetings, "meeting") + " held" if t.meetings else "No meeting held yet"
    head = f"*{escape(item.name)}*{state} · {held}"
    blocks: list[dict[str, Any]] = [section(head + ("\n" + " · ".join(figures) if figures else ""))]
    if item.meetings:
        rows = [_meeting_row(m) for m in list(item.meetings)[-MAX_METRIC_ROWS:]]
        blocks.append(section("\n".join(rows)))
    if item.chart_file_id:
        blocks.append(
            {
                "type": "image",
                "slack_file": {"id": item.chart_file_id},
                "alt_text": f"Attendance, report-backs and follow-through of {item.name[:80]}",
            }
        )
    extra = []
    if item.questions:
        extra.append(
            "*Questions asked (L = P + Q):* "
            + ", ".join(f"{mention(u)} {n}" for u, n in list(item.questions)[:15])
            + f"\n_{LPQ}_"
        )
    if item.bank:
        extra.append(
            "*Question bank:*\n" + "\n".join(f"⭐ {escape(clip(q, 300))}" for q in item.bank[:5])
        )
    if item.rota:
        extra.append(f"*Rota:* {item.rota}")
    if extra:
        blocks.append(section("\n".join(extra)))
    elements = [button("Export to my DMs", ids.HOME_EXPORT, str(item.id))]
    if item.status == SetStatus.ACTIVE:
        if item.nudge:
            elements.append(button("Turn question nudges off", ids.HOME_NUDGE, f"{item.id}:off"))
        else:
            elements.append(button("Turn question nudges on", ids.HOME_NUDGE, f"{item.id}:on"))
    blocks.append({"type": "actions", "block_id": f"health_{item.id}", "elements": elements})
    return blocks
