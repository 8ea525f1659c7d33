"""The pieces every modal form of Setbot is built from, and how a submitted one is read.
Every input's action_id is `VALUE`; its block_id names the field it fills."""

from __future__ import annotations

from typing import Any

from bot.blocks.text import plain

VALUE = "value"  # the action_id of every input in a form


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text), "value": value}


def field(
    block_id: str, label: str, element: dict[str, Any], hint: str = "", optional: bool = False
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": {**element, "action_id": VALUE},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def text_input(
    initial: str, max_length: int, multiline: bool = False, example: str = ""
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "multiline": multiline,
        "max_length": max_length,
    }
    if example:
        element["placeholder"] = plain(example)
    if initial:
        element["initial_value"] = initial[:max_length]
    return element


def select(options: list[dict[str, Any]], initial: str) -> dict[str, Any]:
    chosen = next((o for o in options if o["value"] == initial), options[0])
    return {"type": "static_select", "options": options, "initial_option": chosen}


def number(initial: int | None, bounds: tuple[int, int], example: str) -> dict[str, Any]:
    """A whole number Slack itself keeps within `bounds`."""
    element: dict[str, Any] = {
        "type": "number_input",
        "is_decimal_allowed": False,
        "min_value": str(bounds[0]),
        "max_value": str(bounds[1]),
        "placeholder": plain(example),
    }
    if initial is not None:
        element["initial_value"] = str(initial)
    return element


def value_of(entry: dict[str, Any]) -> Any:
    if "selected_users" in entry:
        return tuple(entry["selected_users"] or ())
    if "selected_user" in entry:
        return entry["selected_user"]
    if "selected_option" in entry:
        option = entry["selected_option"]
        return option["value"] if option else None
    if "selected_date" in entry:
        return entry["selected_date"]
    if "selected_time" in entry:
        return entry["selected_time"]
    return entry.get("value")
