"""The follow-up months after a set closed: the DM that asks, and its form."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks import ids
from bot.blocks.form_inputs import VALUE, field, text_input, value_of
from bot.blocks.text import button, context, escape, plain, section

ANSWER_MAX = 3000
NUMBERS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 9: "Nine", 12: "Twelve"}


def how_long(days: int) -> str:
    """ "Three months", "Six weeks", "10 days": how long since the set closed, in words."""
    months, weeks = round(days / 30), round(days / 7)
    if days >= 56 and abs(days - months * 30) <= 5:
        return f"{NUMBERS.get(months, str(months))} month{'s' if months != 1 else ''}"
    if days >= 14 and days % 7 == 0:
        return f"{NUMBERS.get(weeks, str(weeks))} weeks"
    return f"{days} day{'s' if days != 1 else ''}"


def question(days: int) -> str:
    return (
        f"{how_long(days)} on: what has changed in how you work since the set? "
        "What did you keep doing?"
    )


def dm(follow_up_id: int, set_name: str, days: int) -> list[dict[str, Any]]:
    value = str(follow_up_id)
    return [
        section(f"*{question(days)}*"),
        context(
            f"You were in *{escape(set_name)}*. Your answer is yours: it reaches the "
            "programme's report only if you choose to share it."
        ),
        {
            "type": "actions",
            "block_id": "follow_up",
            "elements": [
                button("Answer", ids.FOLLOW_UP_ANSWER, value, "primary"),
                button("Not now", ids.FOLLOW_UP_NOT_NOW, value),
            ],
        },
    ]


def declined(follow_up_id: int) -> list[dict[str, Any]]:
    return [
        section("No problem: I won't ask again. If you change your mind, answer here."),
        {
            "type": "actions",
            "block_id": "follow_up",
            "elements": [button("Answer", ids.FOLLOW_UP_ANSWER, str(follow_up_id))],
        },
    ]


def form(follow_up_id: int, days: int, changed: str = "", kept: str = "") -> dict[str, Any]:
    share = {
        "type": "checkboxes",
        "options": [
            {
                "text": plain("Share my answers in the programme's report"),
                "description": plain("Without your name. Otherwise they stay with you."),
                "value": "share",
            }
        ],
    }
    return {
        "type": "modal",
        "callback_id": ids.FOLLOW_UP_VIEW,
        "title": plain("Looking back"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"follow_up": follow_up_id}),
        "blocks": [
            context(escape(question(days))),
            field(
                "changed",
                "What has changed in how you work?",
                text_input(
                    changed, ANSWER_MAX, multiline=True, example="e.g. I ask before I advise"
                ),
            ),
            field(
                "kept",
                "What did you keep doing?",
                text_input(kept, ANSWER_MAX, multiline=True, example="e.g. a weekly review"),
                optional=True,
            ),
            field("share", "Sharing", share, optional=True),
        ],
    }


def parse(view: dict[str, Any]) -> tuple[int | None, str, str, bool]:
    """(follow-up id, what changed, what they kept, share) as submitted."""
    try:
        found = json.loads(view.get("private_metadata") or "{}").get("follow_up")
    except (ValueError, AttributeError):
        found = None
    values = view.get("state", {}).get("values", {})
    raw = {block: value_of(actions.get(VALUE, {})) for block, actions in values.items()}
    chosen = ((values.get("share") or {}).get(VALUE) or {}).get("selected_options") or []
    shared = any(o.get("value") == "share" for o in chosen)
    follow_up = int(found) if isinstance(found, int) else None
    return (
        follow_up,
        str(raw.get("changed") or "").strip(),
        str(raw.get("kept") or "").strip(),
        shared,
    )
