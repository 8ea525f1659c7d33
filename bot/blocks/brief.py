"""The facilitator's brief before a meeting: who reported (and what), who hasn't, apologies,
actions not done, and a suggested order. Only the facilitator sees it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.blocks.text import clip, escape, header, mentions, section, sections, slack_date


@dataclass(frozen=True)
class Brief:
    set_name: str
    number: int
    when: datetime
    reported: Sequence[str]
    not_reported: Sequence[str]
    apologies: Sequence[str]
    not_done: Sequence[str]  # "<@U>: action" lines
    wants_airtime: Sequence[str]
    order: Sequence[str]
    issues: Sequence[tuple[str, str]] = ()  # before a set's first meeting: (member, what)


def brief(b: Brief) -> list[dict[str, Any]]:
    """The facilitator's brief before a meeting: only they see who hasn't reported."""
    lines = [
        f"*Reported ({len(b.reported)}):* {mentions(b.reported)}",
        f"*Not reported yet:* {mentions(b.not_reported)}",
        f"*Apologies:* {mentions(b.apologies)}",
        f"*Want airtime (actions not done):* {mentions(b.wants_airtime)}",
        f"*Suggested presenter order:* {mentions(b.order)}",
    ]
    blocks = [
        header(f"Brief · {b.set_name} · meeting {b.number}"),
        section(f"The meeting starts {slack_date(b.when)}."),
        section("\n".join(lines)),
    ]
    if b.not_done:
        blocks += sections(["*Actions not done or overdue*", *b.not_done])[:20]
    if b.issues:
        lines = [f"• <@{user}>: {escape(clip(text, 600))}" for user, text in b.issues]
        blocks += sections(["*What members might bring*", *lines])[:10]
    return blocks
