"""The facilitator's DM once a set is created: its first dates (in their own time, by
Slack's date formatting), what happens next, and the three commands they will use most."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.blocks.text import context, escape, header, plural, section, slack_date


def ready(
    name: str,
    channel: str,
    dates: Sequence[datetime],
    lead_hours: int,
    reminder_hours: int,
    brief_before: timedelta,
) -> tuple[str, list[dict[str, Any]]]:
    first = "\n".join(f"• {slack_date(d)}" for d in dates[:4]) or "None planned yet."
    brief = plural(int(brief_before.total_seconds() // 3600), "hour")
    steps = (
        f"• *{plural(lead_hours, 'hour')} before* each meeting I DM every member for their "
        "report-back on last time's actions. Before the first meeting they get a welcome "
        "instead: the dates, the ground rules, and what issue they might bring.\n"
        f"• *{plural(reminder_hours, 'hour')} before*, one reminder to those who haven't "
        f"replied; *{brief} before*, you get a brief of who reported and who brings an issue."
        "\n• At the meeting, `/set start` posts the control message: its buttons move the "
        "meeting on, round by round."
    )
    commands = (
        "`/set start`  start the meeting (then Next on the control message)\n"
        "`/set status`  the set, its members and who has reported\n"
        "`/set settings`  change the day, time, members or rules"
    )
    text = f"{escape(name)} is ready in <#{channel}>"
    blocks = [
        header(f"{name} is ready"[:150]),
        section(f"*{escape(name)}* meets in <#{channel}>. *The first meetings*\n{first}"),
        section(f"*What happens next*\n{steps}"),
        section(f"*The three commands you'll use most*\n{commands}"),
        context("`/set help` in the channel lists everything else you can do."),
    ]
    return text, blocks
