"""The report-back conversation in a member's DM: each action asked about with its outcome
buttons (then settled), a reply kept as an answer though it read like a question, and
nothing to send."""

from __future__ import annotations

from typing import Any

from bot.blocks import ids
from bot.blocks.report import OpenAction
from bot.blocks.text import button, clip, context, escape, section
from bot.flows.report_back import OUTCOME_LABELS, Outcome


def action_question(
    meeting_id: int, index: int, total: int, action: OpenAction, said: str = ""
) -> list[dict[str, Any]]:
    """After the questions: how one open action went, with a button for each outcome (and,
    once the member has written what happened, their words, kept)."""
    value = f"{meeting_id}:{action.id}"
    kept = (
        [context(f"✍️ Kept what you wrote: “{escape(clip(said, 500))}”. Now press a button.")]
        if said
        else []
    )
    return [
        section(
            f"*Action {index + 1} of {total}:* {escape(clip(action.text, 1200))}\n"
            f"_You expected: {escape(clip(action.expectation, 600))}_\n"
            + (f"_Your note: {escape(clip(action.note, 600))}_\n" if action.note else "")
            + "How did it go? (Reply with what happened if you like, then press a button.)"
        ),
        {
            "type": "actions",
            "block_id": "action_outcome",
            "elements": [
                button("Done", ids.REPORT_ACTION_OUTCOME["done"], f"{value}:done", "primary"),
                button("Partly", ids.REPORT_ACTION_OUTCOME["partly"], f"{value}:partly"),
                button("Not done", ids.REPORT_ACTION_OUTCOME["not_done"], f"{value}:not_done"),
                button("Skip", ids.REPORT_ACTION_OUTCOME["skip"], f"{value}:skip"),
            ],
        },
        *kept,
    ]


def action_answered(
    index: int, total: int, action: OpenAction, outcome: Outcome | None
) -> list[dict[str, Any]]:
    """The same question once answered: the outcome given, no buttons left."""
    said = f"*{OUTCOME_LABELS[outcome]}*" if outcome else "_skipped_"
    return [section(f"*Action {index + 1} of {total}:* {escape(clip(action.text, 1500))} — {said}")]


def taken_as_answer(meeting_id: int, text: str, question: str, then: str) -> list[dict[str, Any]]:
    """A reply that reads like a question, kept as an answer: said plainly, with the form
    (to change it) and My actions (if it was about them) a button away."""
    return [
        context(
            f"✍️ I kept “{escape(clip(text, 300))}” as your answer to _{escape(question)}_. "
            "Meant for me instead? Change it in the form, or see your actions."
        ),
        section(then),
        {
            "type": "actions",
            "block_id": "taken",
            "elements": [
                button("Answer in a form", ids.REPORT_FORM, str(meeting_id)),
                button("My actions", ids.DM_MY_ACTIONS, "actions"),
            ],
        },
    ]


def nothing_to_send(meeting_id: int, text: str) -> list[dict[str, Any]]:
    return [
        section(text),
        {
            "type": "actions",
            "block_id": "report",
            "elements": [button("Send apologies", ids.REPORT_APOLOGIES, str(meeting_id))],
        },
    ]
