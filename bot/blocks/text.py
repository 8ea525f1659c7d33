"""Small text helpers for Slack: escaping, clipping, mentions and local dates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from bot.flows.mrkdwn import literal, unescape  # noqa: F401  (unescape: part of this module)

SECTION_MAX = 3000


# What people write arrives with Slack's own markup for mentions and links; that markup
# is kept so it still shows as a mention or a link. Special mentions (<!here>,
# <!channel>, <!subteam^…>) are not: quoting someone must never page a channel.
_ENTITY = re.compile(
    r"<(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|(?:https?://|mailto:)[^\s<>|]+)(?:\|[^<>]*)?>"
)


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters, keeping
    user and channel mentions and links intact."""
    out, last = [], 0
    for found in _ENTITY.finditer(text):
        out.append(literal(text[last : found.start()]))
        out.append(found.group(0).replace("&", "&amp;"))
        last = found.end()
    out.append(literal(text[last:]))
    return "".join(out)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 meeting', '3 meetings': the count with the word in the right number."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")
FORMER_MEMBER = "_a former member_"


def mention(user: str | None) -> str:
    """A Slack mention; a member who asked to be forgotten has an alias, shown as words."""
    if not user:
        return "nobody"
    return f"<@{user}>" if _USER_ID.match(user) else FORMER_MEMBER


def mentions(users: Iterable[str]) -> str:
    listed = [mention(u) for u in users]
    return ", ".join(listed) if listed else "nobody"


def slack_date(when: datetime, fmt: str = "{date_long_pretty} at {time}") -> str:
    """Slack date formatting: each reader sees `when` in their own time zone."""
    fallback = when.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(when.timestamp())}^{fmt}|{fallback}>"


def slack_day(day: date, fmt: str = "{date_short_pretty}") -> str:
    """A calendar day (a due date) by Slack's date formatting, in each reader's own words
    ("tomorrow", "Dec 8"): 10:00 UTC of that day, which is the same day in every zone from
    UTC−10 (Hawaii) to UTC+13 (New Zealand's summer); the plain date is the fallback."""
    morning = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    return f"<!date^{int(morning.timestamp())}^{fmt}|{day:%a %d %b %Y}>"


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_MAX)}}


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, SECTION_MAX)}]}


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, 150)}}


def sections(lines: Iterable[str], limit: int = SECTION_MAX) -> list[dict[str, Any]]:
    """Pack lines into as few sections as fit Slack's per-section limit."""
    blocks, current = [], ""
    for line in lines:
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            blocks.append(section(current))
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


def button(text: str, action_id: str, value: str = "", style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, 75), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}
