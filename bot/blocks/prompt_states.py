"""What a report-back prompt becomes: the first meeting's welcome instead of a prompt,
apologies sent (and undoable), and a prompt closed by its meeting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.blocks import ids
from bot.blocks.text import button, clip, escape, header, section, slack_date


def prompt_closed(
    set_name: str, number: int, said: str, meeting_id: int | None = None
) -> list[dict[str, Any]]:
    """A prompt (or reminder) once its meeting has started or ended: what became of the
    report, and only the button that still works (with `meeting_id`, the form's)."""
    blocks: list[dict[str, Any]] = [
        header(f"Report back · {set_name} · meeting {number}"),
        section(said),
    ]
    if meeting_id is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": "report",
                "elements": [button("Answer in a form", ids.REPORT_FORM, str(meeting_id))],
            }
        )
    return blocks


def apologies_sent(text: str, meeting_id: int) -> list[dict[str, Any]]:
    return [
        section(text),
        {
            "type": "actions",
            "block_id": "apologies",
            "elements": [button("I can come after all", ids.REPORT_COME_BACK, str(meeting_id))],
        },
    ]


def welcome(
    set_name: str,
    theme: str,
    rules: str,
    dates: Sequence[datetime],
    facilitator: str,
    meeting_id: int | None = None,
    viewer: str = "",
    set_id: int | None = None,
) -> list[dict[str, Any]]:
    """Before a set's first meeting: the set, its ground rules, its dates, and an invitation
    to say what issue one might bring (the facilitator sees it in their brief). With
    `meeting_id` (until that meeting starts), Send apologies for it and, with `set_id`,
    Add to my calendar."""
    when = "\n".join(f"• {slack_date(d)}" for d in dates[:6])
    more = f"\n…and {len(dates) - 6} more." if len(dates) > 6 else ""
    blocks: list[dict[str, Any]] = [
        header(f"Welcome to {set_name}"[:150]),
        section(
            "You're a member of this action learning set. At each meeting members report "
            "back on their actions, bring a real problem, and help each other with questions."
            + (f"\n_{escape(clip(theme, 500))}_" if theme else "")
        ),
        section(f"*Our ground rules*\n{escape(clip(rules, 2500))}"),
        section(f"*Meetings*\n{when or 'None scheduled yet.'}{more}"),
        section(
            "*What issue might you bring?* Reply here if you like (optional): "
            + (
                "it shows in your brief before the first meeting, with the others'."
                if viewer == facilitator
                else f"<@{facilitator}> sees it in their brief before the first meeting."
            )
        ),
    ]
    if meeting_id is not None:
        elements = [button("Send apologies", ids.REPORT_APOLOGIES, str(meeting_id))]
        if set_id is not None:
            elements.append(button("Add to my calendar", ids.ADD_TO_CALENDAR, str(set_id)))
        blocks.append({"type": "actions", "block_id": "apologies", "elements": elements})
    return blocks
