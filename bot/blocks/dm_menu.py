"""The bot's DM when a message answers nothing open: what's open for the person, as buttons;
and, when two sets' report-backs are open, the question of which one it was for."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks import ids
from bot.blocks.text import button, clip, escape, section

MENU = "I didn't take that as an answer to anything. Here's what's open for you:"
WHICH = "You have report-backs open for {n} sets. Which one was that for?"
VALUE_TEXT_MAX = 1800  # a button's value holds at most 2,000 characters


@dataclass(frozen=True)
class OpenReport:
    meeting_id: int
    set_name: str
    status: str  # one line: where the report-back stands
    form: str | None = None  # the form button's label, when the form may be used
    at: str = ""  # where the report stands (see `position`): a which-set button's for that


def menu(reports: Sequence[OpenReport], intro: str = MENU) -> list[dict[str, Any]]:
    """What's open, one line a set; the report form's button (named for its set when there
    are several), My actions and Help."""
    lines = [intro, *(f"• *{escape(r.set_name)}*: {r.status}" for r in reports)]
    blocks: list[dict[str, Any]] = [section("\n".join(lines))]
    with_form = [r for r in reports if r.form]
    for index, report in enumerate(reports[:5]):
        if report.form and len(with_form) == 1:
            blocks.append(
                {
                    "type": "actions",
                    "block_id": f"menu_report_{index}",
                    "elements": [button(report.form, ids.REPORT_FORM, str(report.meeting_id))],
                }
            )
        elif report.form:
            blocks.append(
                {
                    "type": "actions",
                    "block_id": f"menu_report_{index}",
                    "elements": [
                        button(
                            clip(f"{report.form}: {report.set_name}", 75),
                            ids.REPORT_FORM,
                            str(report.meeting_id),
                        )
                    ],
                }
            )
    blocks.append(
        {
            "type": "actions",
            "block_id": "menu",
            "elements": [
                button("My actions", ids.DM_MY_ACTIONS, "actions"),
                button("Help", ids.DM_HELP, "help"),
            ],
        }
    )
    return blocks


def which_set(reports: Sequence[OpenReport], text: str) -> list[dict[str, Any]]:
    """One button per set: it takes the message as that set's answer (or, for a message too
    long to carry in a button, opens that set's form)."""
    blocks: list[dict[str, Any]] = [section(WHICH.format(n=len(reports)))]
    for index, report in enumerate(reports[:5]):
        if len(text) <= VALUE_TEXT_MAX:
            data = {"meeting": report.meeting_id, "at": report.at, "text": text}
            value = json.dumps(data, ensure_ascii=False)
            element = button(clip(f"For {report.set_name}", 75), ids.DM_FOR_SET, value)
        else:
            element = button(
                clip(f"Write it in {report.set_name}'s form", 75),
                ids.REPORT_FORM,
                str(report.meeting_id),
            )
        blocks.append({"type": "actions", "block_id": f"which_{index}", "elements": [element]})
    return blocks


def for_set(value: str) -> tuple[int, str, str] | None:
    """(meeting id, position, the message) a which-set button carries."""
    try:
        data = json.loads(value)
        return int(data["meeting"]), str(data["at"]), str(data["text"])
    except (ValueError, KeyError, TypeError):
        return None


HELP = (
    "*Here in our DM* I collect your report-back before each of your sets' meetings: reply "
    "to my questions one message at a time (`skip` skips one), or press *Answer in a form*. "
    "Before a set's first meeting, tell me the issue you might bring.\n"
    "*App Home* (the Home tab above) shows your sets, your actions (Done, Partly, Drop, Edit, "
    "Add a note) and your learning log.\n"
    "*In a set's channel*, `/set help` lists the commands you may use there."
)
