"""App Home's actions: the member's list (open, and carried forward as partly or not done)
with Done, Partly, Drop, Edit and Add a note; the last finished ones; the note form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks import ids
from bot.blocks.text import button, clip, context, escape, header, section

ACTIONS_PER_PAGE = 10
MAX_FINISHED = 5
CARRIED = {"partly": "☑️ partly done, carried forward", "not_done": "⏳ not done, carried forward"}
FINISHED_WORDS = {"done": "✅ done", "dropped": "🗑️ dropped", "left": "closed (you left the set)"}


@dataclass(frozen=True)
class HomeAction:
    id: int
    text: str
    set_name: str
    due: str
    status: str = "open"  # an ActionStatus: open, or carried forward as partly / not done
    note: str = ""
    outcome: str = ""  # finished: what the member said happened
    when: str = ""  # finished: the day its outcome was given


def actions_section(actions: Sequence[HomeAction], total: int, page: int) -> list[dict[str, Any]]:
    """The member's actions on their list, a page of them, each with its buttons."""
    blocks: list[dict[str, Any]] = [header(f"Your open actions ({total})")]
    if not actions:
        blocks.append(context("No open actions. Actions you agree in a meeting appear here."))
        return blocks
    for action in actions[:ACTIONS_PER_PAGE]:
        value = str(action.id)
        lines = [f"• {escape(clip(action.text, 1500))}"]
        status = CARRIED.get(action.status)
        lines.append(
            f"_{escape(action.set_name)} · due {action.due}" + (f" · {status}_" if status else "_")
        )
        if action.note:
            lines.append(f"📝 _{escape(clip(action.note, 800))}_")
        blocks.append(section("\n".join(lines)))
        blocks.append(
            {
                "type": "actions",
                "block_id": f"action_{action.id}",
                "elements": [
                    button("Done", ids.HOME_DONE, value, "primary"),
                    button("Partly", ids.HOME_PARTLY, value),
                    button("Drop", ids.HOME_DROP, value),
                    button("Edit", ids.HOME_EDIT, value),
                    button("Add a note", ids.HOME_NOTE, value),
                ],
            }
        )
    pages = max(1, -(-total // ACTIONS_PER_PAGE))
    if pages > 1:
        first = page * ACTIONS_PER_PAGE + 1
        last = min(total, first + ACTIONS_PER_PAGE - 1)
        nav = []
        if page > 0:
            nav.append(button("← Previous", ids.HOME_PAGE_BACK, str(page - 1)))
        if page + 1 < pages:
            nav.append(button("Next →", ids.HOME_PAGE, str(page + 1)))
        blocks.append(context(f"Showing {first}–{last} of {total} open actions."))
        blocks.append({"type": "actions", "block_id": "action_pages", "elements": nav})
    return blocks


def finished_section(finished: Sequence[HomeAction]) -> list[dict[str, Any]]:
    """The last finished actions, with what became of them."""
    if not finished:
        return []
    lines = []
    for action in finished[:MAX_FINISHED]:
        word = FINISHED_WORDS.get(action.status, action.status)
        said = f": {escape(clip(action.outcome, 300))}" if action.outcome else ""
        when = f" on {action.when}" if action.when else ""
        where = f"_{escape(action.set_name)} · {word}{when}_"
        lines.append(f"• {escape(clip(action.text, 400))}\n   {where}{said}")
    return [header("Finished actions"), section("\n".join(lines))]


def note_form(action_id: int, text: str, note: str = "") -> dict[str, Any]:
    """The note on an action, prefilled with the note it has."""
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": True,
        "max_length": 2000,
    }
    if note:
        element["initial_value"] = note[:2000]
    return {
        "type": "modal",
        "callback_id": ids.NOTE_VIEW,
        "title": {"type": "plain_text", "text": "Note on an action"},
        "submit": {"type": "plain_text", "text": "Save note"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": str(action_id),
        "blocks": [
            context(escape(clip(text, 1000))),
            {
                "type": "input",
                "block_id": ids.NOTE_TEXT,
                "label": {"type": "plain_text", "text": "Your note"},
                "element": element,
            },
        ],
    }
