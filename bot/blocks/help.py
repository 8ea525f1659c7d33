"""`/set help` as Block Kit: the commands the caller may run, by the moment they are for;
in a channel without a set, what a set is and how to start one; in a DM, the caller's sets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks.text import context, escape, header, section
from bot.flows.commands import Moment, Spec

Blocks = list[dict[str, Any]]

WHAT_A_SET_IS = (
    "An *action learning set* is a small group who meet regularly, each bringing a real "
    "problem; the others ask questions rather than give advice.",
    "Between meetings everyone acts on their problem, and I ask each member how it went "
    "before the next meeting.",
    "Start one in this channel with `/set create`: you choose the members, the day and the time.",
)


def moment_lines(moment: Moment, specs: Sequence[Spec]) -> list[str]:
    return [f"*{moment.value}*", *(f"`{s.usage}`  {s.summary}" for s in specs)]


def by_moment(title: str, sections: Sequence[tuple[Moment, Sequence[Spec]]]) -> Blocks:
    """A header, then one section per moment: each command with its example and one line."""
    blocks: Blocks = [header(title)]
    blocks += [section("\n".join(moment_lines(m, specs))) for m, specs in sections]
    blocks.append(context("Only what you may run here is listed."))
    return blocks


def as_text(blocks: Blocks) -> str:
    """The blocks' words as one message text: the notification and what screen readers say."""
    parts = []
    for block in blocks:
        text = block.get("text") or (block.get("elements") or [{}])[0]
        parts.append(text.get("text", "") if isinstance(text, dict) else "")
    return "\n".join(p for p in parts if p)


def no_set(lead: str = "") -> Blocks:
    """A channel without a set: three lines on what a set is and how to start one."""
    lines = ([lead] if lead else []) + list(WHAT_A_SET_IS)
    return [section("\n".join(lines))]


def in_a_dm(sets: Sequence[tuple[str, str, str]]) -> Blocks:
    """A DM with the bot: the caller's sets (name, channel, role) and where to ask."""
    if not sets:
        return no_set("You aren't in a set yet.")
    lines = ["*Your sets*"] + [
        f"• *{escape(name)}* in <#{channel}>{f' ({role})' if role else ''}"
        for name, channel, role in sets[:40]
    ]
    if len(sets) > 40:
        lines.append(f"…and {len(sets) - 40} more.")
    return [
        section("\n".join(lines)),
        context(
            "Run `/set help` in a set's channel to see what you can do there. "
            "Your report-backs and actions are here in this DM and in my Home tab."
        ),
    ]
