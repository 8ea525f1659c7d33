"""The facilitator's brief before a meeting: who reported and what they said, who hasn't
(each with Remind now), apologies, actions carried or not done, and a suggested order.
Only the facilitator sees it; it is one DM, updated in place as reports arrive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.blocks import ids
from bot.blocks.text import (
    button,
    clip,
    context,
    escape,
    header,
    mention,
    mentions,
    section,
    sections,
    slack_date,
)

MAX_BLOCKS = 50  # Slack's limit for one message
# Each question of a report, as the brief labels its answer.
ANSWER_LABELS = ("Did", "What happened", "Different from expected", "All actions done", "Learned")
REMIND = "Remind now"


@dataclass(frozen=True)
class MemberReport:
    user: str
    answers: Sequence[str]  # in the order of ANSWER_LABELS; "" for a skipped one
    outcomes: Sequence[str] = ()  # "Pilot — *Partly*: only one team tried it" lines (mrkdwn)


@dataclass(frozen=True)
class Waiting:
    user: str
    reminded: bool = False  # the facilitator pressed Remind now for them
    scheduled: bool = False  # the set's own reminder reached them already


@dataclass(frozen=True)
class Brief:
    set_name: str
    number: int
    when: datetime
    reported: Sequence[str]
    not_reported: Sequence[str]
    apologies: Sequence[str]
    not_done: Sequence[str]  # "• <@U>: action (label)" lines, with any note under them
    wants_airtime: Sequence[str]
    order: Sequence[str]
    issues: Sequence[tuple[str, str]] = ()  # before a set's first meeting: (member, what)
    reports: Sequence[MemberReport] = ()
    waiting: Sequence[Waiting] = ()
    meeting_id: int = 0
    first: bool = False  # a set's first meeting: no report-back round
    can_remind: bool = True  # the meeting hasn't started
    facilitator: str = ""  # who reads the brief: no Remind now for themselves


def brief(b: Brief) -> list[dict[str, Any]]:
    blocks = [
        header(f"Brief · {b.set_name} · meeting {b.number}"),
        section(f"The meeting starts {slack_date(b.when)}.\n" + "\n".join(_summary(b))),
    ]
    tail = _tail(b)
    room = MAX_BLOCKS - len(blocks) - len(tail)
    if b.first:
        lines = [f"• {mention(user)}: {escape(clip(text, 600))}" for user, text in b.issues]
        if lines:
            blocks += sections(["*What members might bring*", *lines])[:room]
        return blocks + tail
    body = _reports(b) + _waiting(b)
    if len(body) > room:
        rest = len(body) - room + 1
        body = [*body[: room - 1], context(f"…and {rest} more: `/set status` shows them all.")]
    return blocks + body + tail


def _summary(b: Brief) -> list[str]:
    lines = []
    if not b.first:
        lines += [
            f"*Reported ({len(b.reported)}):* {mentions(b.reported)}",
            f"*Not reported yet:* {mentions(b.not_reported)}",
        ]
    lines.append(f"*Apologies:* {mentions(b.apologies)}")
    if not b.first:
        lines.append(f"*Want airtime (actions not finished):* {mentions(b.wants_airtime)}")
    lines.append(f"*Suggested presenter order:* {mentions(b.order)}")
    return lines


def _reports(b: Brief) -> list[dict[str, Any]]:
    """Each report under its author's name: the answers given, then the action outcomes."""
    blocks = []
    for report in b.reports:
        lines = [f"*{mention(report.user)} reported*"]
        for label, answer in zip(ANSWER_LABELS, report.answers, strict=False):
            if answer:
                lines.append(f"_{label}:_ {escape(clip(answer, 400))}")
        lines += [f"• {line}" for line in report.outcomes]
        blocks.append(section("\n".join(lines)))
    return blocks


def _waiting(b: Brief) -> list[dict[str, Any]]:
    """Who hasn't reported: each with Remind now (once per member per meeting)."""
    blocks: list[dict[str, Any]] = []
    for person in b.waiting:
        if person.user == b.facilitator:
            blocks.append(section(f"{mention(person.user)}: you haven't reported yet yourself"))
        elif person.reminded:
            blocks.append(section(f"{mention(person.user)} hasn't reported yet · _reminded_ ✓"))
        elif b.can_remind:
            got = " · _got the set's reminder_" if person.scheduled else ""
            block = section(f"{mention(person.user)} hasn't reported yet{got}")
            block["block_id"] = f"remind_{person.user}"
            block["accessory"] = button(REMIND, ids.BRIEF_REMIND, f"{b.meeting_id}:{person.user}")
            blocks.append(block)
        else:
            blocks.append(section(f"{mention(person.user)} hasn't reported"))
    return blocks


def _tail(b: Brief) -> list[dict[str, Any]]:
    """Actions carried or not done (with their notes): always shown, within a few blocks."""
    if not b.not_done:
        return []
    return sections(["*Actions not done, partly done or overdue*", *b.not_done])[:6]
