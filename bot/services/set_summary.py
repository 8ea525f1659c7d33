"""The end of a set: its summary in the channel with a final reflection; and the briefing
DM a rotating set's next facilitator gets. Both as effects, read in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.blocks import ids
from bot.blocks.text import button, context, escape, header, mention, section, slack_date
from bot.flows import metrics
from bot.services import result as fx
from bot.store import repo_learning, repo_metrics, repo_questions
from bot.store.tables import LearningSet

FACILITATOR_BRIEF = (
    "You facilitate the set's next meeting. The role:\n"
    "• *Time*: start with `/set start`; keep each turn to its budget (I post the clock).\n"
    "• *Turns*: everyone reports back and every presenter gets airtime; `/set pass @user` "
    "and `/set skip` help.\n"
    "• *Questions before advice*: model open questions; use *Intervene* to pause and ask the "
    "whole set something.\n"
    "• *Ground rules*: remind the set of them at check-in.\n"
    "• *Reflection*: close with the reflective questions and make sure actions are recorded."
)


def facilitator_briefing(user: str, set_name: str, when: datetime) -> fx.DirectMessage:
    """A DM to the next facilitator: what the role asks of them."""
    text = (
        f"🧭 *You're facilitating {escape(set_name)}'s next meeting*, "
        f"{slack_date(when)}.\n{FACILITATOR_BRIEF}"
    )
    return fx.DirectMessage(user, text)


def post(session: Session, row: LearningSet) -> fx.Post:
    """A closed set's summary in its channel."""
    channel, blocks, text = summary_blocks(session, row)
    return fx.Post(channel, text, blocks)


def summary_blocks(session: Session, row: LearningSet) -> tuple[str, list[dict[str, Any]], str]:
    """(channel, blocks, fallback text) of a closed set's summary."""
    set_id = row.id or 0
    facts = repo_metrics.facts(session=session, set_id=set_id, timezone=row.timezone)
    learned, shared = repo_learning.count_set_learnings(session=session, set_id=set_id)
    bank = repo_questions.question_bank(session=session, set_id=set_id, limit=5)
    last = repo_metrics.held_meetings(session=session, set_id=set_id)
    channel, name = row.channel_id, row.name
    totals = metrics.totals(facts)
    follow = totals.follow_through
    asked = metrics.questions_by_member(facts)
    lines = [
        f"*Meetings held:* {totals.meetings}",
        f"*Attendance:* {metrics.percent(totals.attendance)} · "
        f"*Report-backs:* {metrics.percent(totals.report_rate)} · "
        f"*Follow-through:* {metrics.percent(follow.rate)} "
        f"({follow.done} done, {follow.partly} partly, {follow.not_done} not done)",
        f"*Learnings recorded:* {learned}, of which {shared} shareable",
    ]
    if asked:
        lines.append(
            "*Questions asked (L = P + Q):* "
            + ", ".join(f"{mention(u)} {n}" for u, n in asked[:20])
        )
    blocks: list[dict[str, Any]] = [
        header(f"{name[:120]} has closed"),
        section("\n".join(lines)),
    ]
    if bank:
        starred = "\n".join(f"⭐ {escape(q.text[:400])}" for q in bank)
        blocks.append(section(f"*From the question bank*\n{starred}"))
    if last:
        blocks.append(
            section(
                "🪞 *Final reflection.* Each of you: what was your main learning from this set, "
                "what will you do differently, and how well did the set work?"
            )
        )
        blocks.append(
            {
                "type": "actions",
                "block_id": "final_reflection",
                "elements": [
                    button(
                        "Write my final reflection",
                        ids.REFLECT,
                        f"{last[-1].id}:final",
                        "primary",
                    )
                ],
            }
        )
    blocks.append(
        context(
            "The set is now read-only. Its facilitator can send the shared learning with "
            "`/set export`; only learnings their authors marked shareable leave the set."
        )
    )
    return channel, blocks, f"{escape(name)} has closed"
