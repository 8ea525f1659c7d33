"""The closing summary of a meeting: attendance, the report-back round's outcomes, every
action agreed, questions asked, reflections and what's next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.blocks import ids
from bot.blocks.home_health import LPQ
from bot.blocks.meeting import MAX_MESSAGE_BLOCKS, ActionLine, MeetingInfo
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
from bot.flows.meeting_state import MeetingState
from bot.flows.reflection import REFLECT_LATE


@dataclass(frozen=True)
class SummaryExtras:
    """What the closing summary shows besides attendance and actions."""

    questions: Sequence[tuple[str, int]] = ()  # member → questions asked (L = P + Q)
    reflections: Sequence[dict[str, Any]] = ()  # blocks from blocks.reflection
    next_facilitator: str | None = None
    last: bool = False  # the set's last meeting: it closes now
    # the report-back round: (member, "1 done, 1 partly"), for each member who reported
    report_back: Sequence[tuple[str, str]] = ()


def summary(
    info: MeetingInfo,
    state: MeetingState,
    actions: Sequence[ActionLine],
    next_meeting: datetime | None,
    extras: SummaryExtras = SummaryExtras(),
) -> list[dict[str, Any]]:
    """The closing summary: attendance, every action, questions, reflections, what's next."""
    absent = [u for u in state.members if u not in state.attendance]
    head: list[dict[str, Any]] = [
        header(f"Summary · {info.title}"),
        section(
            f"*Attended:* {mentions(state.attended())}\n"
            f"*Apologies:* {mentions(state.apologies())}\n"
            f"*Absent:* {mentions(absent)}"
        ),
    ]
    if actions:
        lines = [
            f"• {mention(a.owner)}: {escape(clip(a.text, 600))}, by {a.due}. "
            f"_Expects: {escape(clip(a.expectation, 400))}_"
            for a in actions
        ]
        listed = sections([f"*Actions ({len(actions)})*", *lines])
    else:
        listed = [section("*Actions:* none recorded.")]
    if extras.report_back:
        told = [f"{mention(u)}: {escape(said)}" for u, said in extras.report_back]
        head.append(section(clip("*Report-back:* " + " · ".join(told), 3000)))
    tail: list[dict[str, Any]] = []
    asked = [(u, n) for u, n in extras.questions if n]
    if asked:
        counts = ", ".join(f"{mention(u)} {n}" for u, n in asked)
        tail.append(section(clip(f"*Questions asked (L = P + Q):* {counts}", 3000)))
        tail.append(context(LPQ))
    else:
        tail.append(section("*Questions asked (L = P + Q):* none counted this time."))
    tail += list(extras.reflections)[:10]
    if state.ended_early and state.ended_at and state.attended():
        until = slack_date(state.ended_at + REFLECT_LATE)
        tail.append(
            section(
                "*The meeting ended before its reflection.* If you were here, write yours "
                f"until {until}: what you noticed, what you learned."
            )
        )
        tail.append(
            {
                "type": "actions",
                "block_id": "reflect_late",
                "elements": [
                    button("Write my reflection", ids.REFLECT, str(info.meeting_id), "primary")
                ],
            }
        )
    if next_meeting:
        line = f"*Next meeting:* {slack_date(next_meeting)}"
        if extras.next_facilitator:
            line += f", facilitated by {mention(extras.next_facilitator)}"
        tail.append(section(line))
    elif extras.last:
        tail.append(
            section("*That was the set's last meeting.* The set closes now: see its summary below.")
        )
    else:
        tail.append(section("*Next meeting:* none scheduled. This was the set's last meeting."))
    room = MAX_MESSAGE_BLOCKS - len(head) - len(tail)
    if len(listed) > room:
        hidden = len(listed) - room + 1
        listed = [
            *listed[: room - 1],
            context(f"{hidden} more sections of actions were cut to fit Slack."),
        ]
    return [*head, *listed, *tail]
