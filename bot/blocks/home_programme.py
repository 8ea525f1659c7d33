"""App Home for programme leads: one section per programme they lead, a row per set with
its figures and why it is at risk, sorted as the lead chose, ten sets a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.blocks import ids
from bot.blocks.text import (
    button,
    clip,
    context,
    escape,
    header,
    mention,
    plural,
    section,
    slack_day,
)
from bot.flows.programme import ORDER_LABELS, Order, ProgrammeTotals, SetRow, rate_words
from bot.flows.themes import Theme

MAX_PROGRAMMES = 2  # each is up to 18 blocks; the rest of Home needs room too
MAX_SHARED = 5  # the latest shared learnings shown


@dataclass(frozen=True)
class SharedLine:
    """A learning its author marked shareable: the author only if they chose to be named."""

    set_name: str
    meeting: int
    text: str
    author: str | None = None


@dataclass(frozen=True)
class ProgrammeConsole:
    id: int
    name: str
    order: Order
    rows: Sequence[SetRow]  # this page's
    page: int
    pages: int
    totals: ProgrammeTotals
    digest_on: bool = True
    chart_file_id: str | None = None
    end_date: date | None = None
    shared: Sequence[SharedLine] = ()
    shared_total: int = 0
    themes: Sequence[Theme] = ()


def order_action(order: Order) -> str:
    """Each sort button's own action_id (Slack wants them distinct within a block)."""
    return f"{ids.PROGRAMME_ORDER}_{order.value}"


def _trend(change: float | None) -> str:
    if change is None or change == 0:
        return ""
    return " ↑" if change > 0 else " ↓"


def _row(row: SetRow) -> dict[str, Any]:
    head = f"*{escape(row.name)}* in <#{row.channel}> · {mention(row.facilitator)}"
    if row.closed:
        head += " · closed"
    held = f"{row.held} of {row.planned} meetings" if row.planned else plural(row.held, "meeting")
    parts = [held + " held"]
    if row.days_since is not None:
        parts.append(
            "met today" if row.days_since == 0 else f"last met {plural(row.days_since, 'day')} ago"
        )
    parts += rate_words(row.attendance, row.report_rate, row.follow_through)
    if row.rating is not None:
        parts.append(f"rating {row.rating}/5{_trend(row.rating_change)}")
    text = head + "\n" + " · ".join(parts)
    if row.risks:
        text += "\n⚠️ *At risk:* " + "; ".join(row.risks)
    return section(text)


def _totals(item: ProgrammeConsole) -> str:
    t = item.totals
    parts = [plural(t.sets, "set"), f"{plural(t.held, 'meeting')} held"]
    if item.end_date:
        parts.append(f"ends {slack_day(item.end_date)}")
    if t.at_risk:
        parts.append(f"{t.at_risk} at risk")
    parts += rate_words(t.attendance, t.report_rate, t.follow_through)
    if t.rating is not None:
        parts.append(f"rating {t.rating}/5")
    return " · ".join(parts)


def programme_blocks(item: ProgrammeConsole) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        header(f"Programme: {item.name}"[:150]),
        context(_totals(item)),  # figures and a date only: nothing typed to escape
    ]
    if not item.rows:
        blocks.append(
            section(
                "No sets yet. A set's facilitator adds it with "
                f"`/set programme join {escape(item.name)}` in its channel."
            )
        )
        return blocks
    sorts = [
        button(
            label,
            order_action(order),
            f"{item.id}:{order.value}",
            "primary" if order == item.order else None,
        )
        for order, label in ORDER_LABELS.items()
    ]
    blocks.append({"type": "actions", "block_id": f"programme_{item.id}_order", "elements": sorts})
    blocks += [_row(row) for row in item.rows]
    more = []
    if item.page > 0:
        more.append(button("Previous sets", ids.PROGRAMME_PAGE, f"{item.id}:{item.page - 1}"))
    if item.page + 1 < item.pages:
        more.append(button("More sets", f"{ids.PROGRAMME_PAGE}_next", f"{item.id}:{item.page + 1}"))
    paged = bool(more)
    switch = "off" if item.digest_on else "on"
    more.append(
        button(f"Turn the weekly digest {switch}", ids.PROGRAMME_DIGEST, f"{item.id}:{switch}")
    )
    blocks.append({"type": "actions", "block_id": f"programme_{item.id}_more", "elements": more})
    if paged:
        blocks.append(context(f"Page {item.page + 1} of {item.pages}"))
    if item.chart_file_id:
        blocks.append(
            {
                "type": "image",
                "slack_file": {"id": item.chart_file_id},
                "alt_text": f"{item.name[:80]}: attendance, report-backs, follow-through by week",
            }
        )
    return blocks + _shared(item)


def _shared(item: ProgrammeConsole) -> list[dict[str, Any]]:
    """The latest learnings members chose to share, by set and meeting; and the themes that
    recur across sets. Nothing from a report, a reflection's other answers or an action."""
    blocks = []
    if item.shared:
        lines = []
        for line in list(item.shared)[:MAX_SHARED]:
            who = f" — {mention(line.author)}" if line.author else ""
            where = f"{escape(line.set_name)} · meeting {line.meeting}"
            lines.append(f"• {escape(clip(line.text, 300))}{who} _({where})_")
        more = (
            f" (latest {MAX_SHARED} of {item.shared_total})"
            if item.shared_total > MAX_SHARED
            else ""
        )
        blocks.append(section(f"*Shared learning*{more}\n" + "\n".join(lines)))
    if item.themes:
        lines = [
            f"• *{escape(t.term)}* · {plural(t.sets, 'set')}: _{escape(clip(t.examples[0], 120))}_"
            for t in item.themes
            if t.examples
        ]
        blocks.append(section("*Recurring themes* (in two or more sets)\n" + "\n".join(lines)))
    return blocks


def programmes_section(items: Sequence[ProgrammeConsole], total: int = 0) -> list[dict[str, Any]]:
    """The first programmes led (by name); `total` of them in all, the rest named as a count."""
    blocks: list[dict[str, Any]] = []
    for item in list(items)[:MAX_PROGRAMMES]:
        blocks += [*programme_blocks(item), {"type": "divider"}]
    hidden = max(total, len(items)) - min(len(items), MAX_PROGRAMMES)
    if hidden > 0:
        more = plural(hidden, "more programme")
        blocks.insert(-1, context(f"…and {more}: `/set programme export` has every one."))
    return blocks
