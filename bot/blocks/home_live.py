"""App Home's banner for meetings running now, linking to each one's control message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks.text import escape, section

MAX_LIVE = 3  # a person is rarely in two meetings at once; three is plenty


@dataclass(frozen=True)
class LiveMeeting:
    set_name: str
    channel: str
    number: int
    ts: str | None  # the control message, once posted
    link: str | None = None  # its permalink, fetched by the outbox before publishing
    facilitating: bool = False


def banner(live: Sequence[LiveMeeting]) -> list[dict[str, Any]]:
    """One line per running meeting: where it is, and a link straight to its controls."""
    blocks = []
    for item in list(live)[:MAX_LIVE]:
        where = f"*{escape(item.set_name)}* · meeting {item.number} is on now in <#{item.channel}>"
        if item.link:
            label = "Open the controls" if item.facilitating else "Go to the meeting"
            where += f"  <{item.link}|{label}>"
        blocks.append(section(f"🔴 {where}"))
    return blocks
