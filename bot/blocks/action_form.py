"""The modal in which a presenter records an action, and reading it back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.blocks import ids
from bot.blocks.text import clip, escape, plain

TEXT_MAX = 3000


@dataclass(frozen=True)
class ActionDraft:
    text: str
    expectation: str
    due_date: date | None


def build(meeting_id: int, owner: str, owner_name: str, set_name: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.ACTION_FORM,
        "title": plain("Record an action"),
        "submit": plain("Save action"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"meeting": meeting_id, "owner": owner}),
        "blocks": _inputs(f"{set_name}: action for {owner_name}"),
    }


def edit(
    action_id: int, set_name: str, text: str, expectation: str, due: date | None, version: str
) -> dict[str, Any]:
    """The same three questions, prefilled, to change an action one has."""
    blocks = _inputs(f"{set_name}: change your action")
    prefill = {ids.ACTION_TEXT: text, ids.ACTION_EXPECT: expectation}
    for block in blocks:
        element = block.get("element") or {}
        value = prefill.get(block.get("block_id", ""))
        if value:
            element["initial_value"] = value[:TEXT_MAX]
        if block.get("block_id") == ids.ACTION_DUE and due is not None:
            element["initial_date"] = due.isoformat()
    return {
        "type": "modal",
        "callback_id": ids.ACTION_EDIT_VIEW,
        "title": plain("Change an action"),
        "submit": plain("Save changes"),
        "close": plain("Cancel"),
        # What the action was when the form opened: a change made meanwhile wins.
        "private_metadata": json.dumps({"action": action_id, "version": version}),
        "blocks": blocks,
    }


def _inputs(context: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": clip(escape(context), 300)}],
        },
        {
            "type": "input",
            "block_id": ids.ACTION_TEXT,
            "label": plain("What I will do"),
            "element": {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": True,
                "max_length": TEXT_MAX,
            },
        },
        {
            "type": "input",
            "block_id": ids.ACTION_DUE,
            "label": plain("By when"),
            "optional": True,
            "hint": plain("Leave empty for the next meeting."),
            "element": {"type": "datepicker", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": ids.ACTION_EXPECT,
            "label": plain("What I expect to happen"),
            "hint": plain("Your next report-back holds the outcome against this."),
            "element": {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": True,
                "max_length": TEXT_MAX,
            },
        },
    ]


def parse(values: dict[str, dict[str, Any]], today: date) -> ActionDraft | dict[str, str]:
    """An ActionDraft, or inline errors by block_id."""

    def raw(block: str) -> Any:
        entry = values.get(block, {}).get("value", {})
        return entry.get("value") if "value" in entry else entry.get("selected_date")

    text = (raw(ids.ACTION_TEXT) or "").strip()
    expectation = (raw(ids.ACTION_EXPECT) or "").strip()
    errors = {}
    if not text:
        errors[ids.ACTION_TEXT] = "Say what you will do."
    elif len(text) > TEXT_MAX:
        errors[ids.ACTION_TEXT] = f"Keep it to {TEXT_MAX:,} characters (it has {len(text):,})."
    if not expectation:
        errors[ids.ACTION_EXPECT] = "Say what you expect to happen."
    elif len(expectation) > TEXT_MAX:
        errors[ids.ACTION_EXPECT] = (
            f"Keep it to {TEXT_MAX:,} characters (it has {len(expectation):,})."
        )
    due = None
    if raw(ids.ACTION_DUE):
        try:
            due = date.fromisoformat(raw(ids.ACTION_DUE))
        except ValueError:
            errors[ids.ACTION_DUE] = "Pick a date."
        else:
            if due < today:
                errors[ids.ACTION_DUE] = "That date is in the past."
    if errors:
        return errors
    return ActionDraft(text=text, expectation=expectation, due_date=due)


def edit_metadata(view: dict[str, Any]) -> tuple[int, str] | None:
    """(action id, the version it had) of a submitted edit form."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
        return int(data["action"]), str(data["version"])
    except (ValueError, KeyError, TypeError):
        return None


def metadata(view: dict[str, Any]) -> tuple[int, str] | None:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
        return int(data["meeting"]), str(data["owner"])
    except (ValueError, KeyError, TypeError):
        return None
