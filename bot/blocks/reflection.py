"""The reflection modal (a meeting's, or the set's final one), the intervene modal, and
the reflection part of the closing summary."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.blocks import ids
from bot.blocks.text import clip, context, escape, mention, plain, sections
from bot.flows.reflection import ANSWER_MAX, RATING_LABELS, questions

INTERVENE_MAX = 3000


@dataclass(frozen=True)
class Prefill:
    answers: tuple[str, ...] = ()
    rating: int | None = None
    share: bool = False
    named: bool = False


def _text_input(block_id: str, label: str, initial: str, optional: bool) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": True,
        "max_length": ANSWER_MAX,
    }
    if initial:
        element["initial_value"] = clip(initial, ANSWER_MAX)
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "optional": optional,
        "element": element,
    }


def _option(value: int) -> dict[str, Any]:
    return {"text": plain(RATING_LABELS[value]), "value": str(value)}


SHARE_LABEL = "Share my learning point beyond the set"
NAMED_LABEL = "Share it with my name"


def build(meeting_id: int, title: str, final: bool, prefill: Prefill = Prefill()) -> dict[str, Any]:
    """The reflective questions, a 1–5 rating and the choice to share the learning point."""
    asked = questions(final)
    blocks: list[dict[str, Any]] = [context(clip(escape(title), 300))]
    for index, question in enumerate(asked):
        initial = prefill.answers[index] if index < len(prefill.answers) else ""
        blocks.append(_text_input(f"{ids.REFLECT_ANSWER}{index}", question, initial, index > 0))
    rating: dict[str, Any] = {
        "type": "radio_buttons",
        "action_id": "value",
        "options": [_option(v) for v in RATING_LABELS],
    }
    if prefill.rating in RATING_LABELS:
        rating["initial_option"] = _option(prefill.rating or 0)
    what = "the set" if final else "this meeting"
    blocks.append(
        {
            "type": "input",
            "block_id": ids.REFLECT_RATING,
            "label": plain(f"How would you rate {what}?"),
            "optional": True,
            "element": rating,
        }
    )
    share_option = {
        "text": plain(SHARE_LABEL),
        "description": plain("Otherwise it stays inside the set. Shared without your name."),
        "value": "share",
    }
    named_option = {
        "text": plain(NAMED_LABEL),
        "description": plain("Programme leads and exports show who said it."),
        "value": "named",
    }
    checkbox: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": "value",
        "options": [share_option, named_option],
    }
    if prefill.share:
        checkbox["initial_options"] = [named_option if prefill.named else share_option]
    blocks.append(
        {
            "type": "input",
            "block_id": ids.REFLECT_SHARE,
            "label": plain("Sharing"),
            "optional": True,
            "element": checkbox,
        }
    )
    return {
        "type": "modal",
        "callback_id": ids.REFLECTION_VIEW,
        "title": plain("Final reflection" if final else "Reflection"),
        "submit": plain("Save reflection"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"meeting": meeting_id, "final": final}),
        "blocks": blocks,
    }


def metadata(view: dict[str, Any]) -> tuple[int, bool] | None:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
        return int(data["meeting"]), bool(data.get("final"))
    except (ValueError, KeyError, TypeError):
        return None


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return (values.get(block_id) or {}).get("value") or {}


def parse(values: dict[str, Any], final: bool) -> tuple[list[str | None], str | None, bool, bool]:
    """(answers, rating value, share, named) as typed, for `flows.reflection.validate`."""
    answers = [
        _value(values, f"{ids.REFLECT_ANSWER}{i}").get("value")
        for i in range(len(questions(final)))
    ]
    rating = (_value(values, ids.REFLECT_RATING).get("selected_option") or {}).get("value")
    chosen = _value(values, ids.REFLECT_SHARE).get("selected_options") or []
    picked = {o.get("value") for o in chosen}
    return answers, rating, "share" in picked, "named" in picked


def errors_for(errors: dict[int | str, str]) -> dict[str, str]:
    """Validation errors keyed by the modal's block ids."""
    return {
        (ids.REFLECT_RATING if key == "rating" else f"{ids.REFLECT_ANSWER}{key}"): message
        for key, message in errors.items()
    }


@dataclass(frozen=True)
class Shared:
    """One member's reflection, for the summary."""

    user: str
    answers: tuple[str, ...]


def summary_blocks(
    reflections: Sequence[Shared], ratings: Sequence[int], final: bool = False
) -> list[dict[str, Any]]:
    """The reflections gathered, by name; ratings only as an average."""
    asked = questions(final)
    if not reflections:
        return sections(["*Reflections:* none written yet."])
    lines = [f"*Reflections ({len(reflections)})*"]
    for item in reflections:
        parts = [f"_{asked[i]}_ {escape(clip(a, 700))}" for i, a in enumerate(item.answers) if a][
            : len(asked)
        ]
        lines.append(f"• {mention(item.user)}\n   " + "\n   ".join(parts))
    if ratings:
        average = round(sum(ratings) / len(ratings), 1)
        lines.append(f"*Rating:* {average} / 5 on average ({len(ratings)} rated)")
    return sections(lines)


def intervene(meeting_id: int, set_name: str, was_paused: bool = False) -> dict[str, Any]:
    """The coach's question to the whole set, asked while the turn's clock is paused."""
    return {
        "type": "modal",
        "callback_id": ids.INTERVENE_VIEW,
        "title": plain("Intervene"),
        "submit": plain("Ask the set"),
        "close": plain("Cancel"),
        "notify_on_close": True,
        "private_metadata": json.dumps({"meeting": meeting_id, "was_paused": was_paused}),
        "blocks": [
            context(
                clip(
                    f"{escape(set_name)}: the turn's clock is paused. Your question goes to "
                    "the whole set in the channel; resume when you're ready.",
                    300,
                )
            ),
            {
                "type": "input",
                "block_id": ids.INTERVENE_TEXT,
                "label": plain("Your question to the set"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": INTERVENE_MAX,
                },
            },
        ],
    }


def intervene_metadata(view: dict[str, Any]) -> tuple[int, bool]:
    """(meeting id, whether the meeting was already paused); meeting 0 if unreadable."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
        return int(data["meeting"]), bool(data.get("was_paused"))
    except (ValueError, KeyError, TypeError):
        return 0, True


def intervene_text(values: dict[str, Any]) -> str:
    return str(_value(values, ids.INTERVENE_TEXT).get("value") or "").strip()
