"""Report-back messages in DMs: the prompt and its reminder, the per-action questions of
the conversation, the report as shown, and the report form."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.blocks import ids
from bot.blocks.text import (
    SECTION_MAX,
    button,
    clip,
    context,
    escape,
    header,
    plain,
    section,
    sections,
    slack_date,
)
from bot.flows.report_back import (
    ANSWER_MAX,
    OUTCOME_LABELS,
    QUESTIONS,
    Outcome,
    Report,
    question_text,
)

MAX_FORM_ACTIONS = 40  # 1 context + 5 questions + two inputs per action: under 100 blocks


@dataclass(frozen=True)
class OpenAction:
    id: int
    text: str
    expectation: str
    note: str = ""
    carried: str = ""  # "partly" / "not_done": carried forward from an earlier report


CARRIED = {"partly": "partly done last time", "not_done": "not done last time"}


def _actions_lines(
    actions: Sequence[OpenAction],
    outcomes: dict[int, Outcome],
    texts: dict[int, str] | None = None,
) -> list[str]:
    lines = []
    for action in actions:
        status = OUTCOME_LABELS.get(outcomes[action.id]) if action.id in outcomes else None
        tail = f" — *{status}*" if status else ""
        carried = f" _({CARRIED[action.carried]})_" if action.carried in CARRIED else ""
        line = (
            f"• {escape(clip(action.text, 800))}{carried}{tail}\n"
            f"   _You expected: {escape(clip(action.expectation, 600))}_"
        )
        if action.note:
            line += f"\n   📝 _{escape(clip(action.note, 400))}_"
        said = (texts or {}).get(action.id)
        if said:
            line += f"\n   What happened: {escape(clip(said, 600))}"
        lines.append(line)
    return lines


def prompt(
    set_name: str, number: int, when: datetime, meeting_id: int, actions: Sequence[OpenAction]
) -> list[dict[str, Any]]:
    """The DM that opens a member's report-back for a meeting."""
    blocks = [
        header(f"Report back · {set_name} · meeting {number}"),
        section(
            f"The set meets {slack_date(when)}. Before then, tell the set what happened "
            + (
                "with your actions."
                if actions
                else "since the last meeting (you have no open actions to report on)."
            )
        ),
    ]
    if actions:
        blocks += sections(["*Your actions from last time*", *_actions_lines(actions, {})])[:20]
    blocks.append(
        context("Reply here, one answer per message (`skip` skips a question), or use the form.")
    )
    blocks.append(section(question_text(0)))
    blocks.append(
        {
            "type": "actions",
            "block_id": "report",
            "elements": [
                button("Answer in a form", ids.REPORT_FORM, str(meeting_id), "primary"),
                button("Send apologies", ids.REPORT_APOLOGIES, str(meeting_id)),
            ],
        }
    )
    return blocks


def shown(
    report: Report, actions: Sequence[OpenAction], meeting_id: int | None = None
) -> list[dict[str, Any]]:
    """A report as people read it; with `meeting_id`, an Edit button for its author."""
    lines = []
    for question, reply in zip(QUESTIONS, report.answers, strict=True):
        answer = escape(reply) if reply else "_(skipped)_"
        lines.append(f"*{question}*\n{clip(answer, SECTION_MAX - len(question) - 10)}")
    blocks = sections(lines)
    if actions:
        lines = _actions_lines(actions, report.outcomes, report.outcome_texts)
        blocks += sections(["*Actions*", *lines])
    if meeting_id is not None:
        blocks.append(
            {
                "type": "actions",
                "block_id": "edit",
                "elements": [button("Edit my report", ids.REPORT_FORM, str(meeting_id))],
            }
        )
    return blocks[:45]


def form(
    meeting_id: int, set_name: str, report: Report, actions: Sequence[OpenAction]
) -> dict[str, Any]:
    """All the questions at once, prefilled, and an outcome for each open action."""
    blocks: list[dict[str, Any]] = [context(escape(clip(set_name, 200)))]
    for index, question in enumerate(QUESTIONS):
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": "value",
            "multiline": True,
            "max_length": ANSWER_MAX,
        }
        if report.answers[index]:
            element["initial_value"] = report.answers[index][:ANSWER_MAX]
        blocks.append(
            {
                "type": "input",
                "block_id": f"{ids.REPORT_ANSWER}{index}",
                "label": plain(clip(question, 2000)),
                "optional": True,
                "element": element,
            }
        )
    options = [{"text": plain(label), "value": o.value} for o, label in OUTCOME_LABELS.items()]
    for action in actions[:MAX_FORM_ACTIONS]:
        radio: dict[str, Any] = {"type": "radio_buttons", "action_id": "value", "options": options}
        if action.id in report.outcomes:
            radio["initial_option"] = options[list(Outcome).index(report.outcomes[action.id])]
        hint = f"You expected: {action.expectation}"
        if action.note:
            hint += f" · Your note: {action.note}"
        happened: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": "value",
            "max_length": ANSWER_MAX,
            "placeholder": plain("In a few words (optional)"),
        }
        if report.outcome_texts.get(action.id):
            happened["initial_value"] = report.outcome_texts[action.id][:ANSWER_MAX]
        blocks += [
            {
                "type": "input",
                "block_id": f"{ids.REPORT_OUTCOME}{action.id}",
                "label": plain(clip(f"Action: {action.text}", 2000)),
                "hint": plain(clip(hint, 2000)),
                "optional": True,
                "element": radio,
            },
            {
                "type": "input",
                "block_id": f"{ids.REPORT_OUTCOME_TEXT}{action.id}",
                "label": plain("What came of it?"),
                "optional": True,
                "element": happened,
            },
        ]
    return {
        "type": "modal",
        "callback_id": ids.REPORT_FORM_VIEW,
        "title": plain("Your report-back"),
        "submit": plain("Send report"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"meeting": meeting_id}),
        "blocks": blocks,
    }


def parse_form(
    values: dict[str, Any],
) -> tuple[tuple[str, ...], dict[int, Outcome], dict[int, str]]:
    """The form's answers, each action's outcome, and what happened with each in words."""
    answers = []
    for index in range(len(QUESTIONS)):
        entry = values.get(f"{ids.REPORT_ANSWER}{index}", {}).get("value", {})
        answers.append(entry.get("value") or "")
    outcomes: dict[int, Outcome] = {}
    said: dict[int, str] = {}
    for block_id, entry in values.items():
        suffix = block_id.removeprefix(ids.REPORT_OUTCOME_TEXT)
        if block_id.startswith(ids.REPORT_OUTCOME_TEXT) and suffix.isdigit():
            said[int(suffix)] = entry.get("value", {}).get("value") or ""
        if not block_id.startswith(ids.REPORT_OUTCOME):
            continue
        option = entry.get("value", {}).get("selected_option")
        suffix = block_id.removeprefix(ids.REPORT_OUTCOME)
        if option and suffix.isdigit() and option.get("value") in set(Outcome):
            outcomes[int(suffix)] = Outcome(option["value"])
    return tuple(answers), outcomes, said


def form_meeting(view: dict[str, Any]) -> int | None:
    try:
        return int(json.loads(view.get("private_metadata") or "{}")["meeting"])
    except (ValueError, KeyError, TypeError):
        return None


def reminder(
    set_name: str, number: int, when: datetime, meeting_id: int, by: str = ""
) -> list[dict[str, Any]]:
    """The one reminder before a meeting: planned, or sent `by` the facilitator (Remind now)."""
    who = f"A reminder from <@{by}>" if by else "A reminder"
    return [
        section(
            f"{who}: *{escape(set_name)}* meets {slack_date(when)} (meeting {number}) and "
            "your report-back isn't in yet. Reply here with your answers, or use the form."
        ),
        {
            "type": "actions",
            "block_id": "report",
            "elements": [
                button("Answer in a form", ids.REPORT_FORM, str(meeting_id), "primary"),
                button("Send apologies", ids.REPORT_APOLOGIES, str(meeting_id)),
            ],
        },
    ]
