"""Read-only answers about a channel's set: help, status, ground rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.blocks import help as help_blocks
from bot.blocks.text import clip, escape, mention, mentions, plural, section, slack_date
from bot.flows import commands
from bot.flows.cadence import CADENCE_LABELS, WEEKDAYS, Cadence
from bot.flows.set_life import SetStatus
from bot.services import brief
from bot.services.core import Deps, use_case
from bot.services.guards import any_set, closed_message, life_status
from bot.services.result import Done, Post
from bot.store import meeting_outlook, repo_sets
from bot.store.tables import LearningSet

INTRO = (
    "Hello! I facilitate *action learning sets*: small groups who meet regularly, report "
    "back on their actions, question each other and reflect. Run `/set create` to set one "
    "up in this channel, or `/set help` to see everything I can do."
)


def describe(row: LearningSet, members: list[str], next_at: datetime | None) -> str:
    count = plural(row.meeting_count, "meeting") if row.meeting_count else "open-ended"
    cadence = CADENCE_LABELS[Cadence(row.cadence)].lower()
    how = "rotating, starting with" if row.rotating else "facilitated by"
    lines = [
        f"*{escape(row.name)}*" + (f": {escape(row.theme)}" if row.theme else ""),
        f"Members ({len(members)}): {mentions(members)}",
        f"Facilitation: {how} {mention(row.facilitator_id)}",
        f"Meets {cadence} on {WEEKDAYS[row.weekday]}s at {row.meeting_time} "
        f"({row.timezone}), {row.meeting_minutes} minutes, {count}.",
        f"Next meeting: {slack_date(next_at)}" if next_at else "Next meeting: none scheduled.",
    ]
    return "\n".join(lines)


def _sets_of(session: Session, user: str) -> list[tuple[str, str, str]]:
    """The caller's open sets (name, channel, role), the ones they facilitate first."""
    facilitated = repo_sets.sets_facilitated(session=session, user_id=user)
    member = repo_sets.sets_of_member(session=session, user_id=user)
    seen: set[int] = set()
    rows: list[tuple[str, str, str]] = []
    for row, role in [(r, "you facilitate") for r in facilitated] + [(r, "") for r in member]:
        if row.id in seen or life_status(row) == SetStatus.CLOSED:
            continue
        seen.add(row.id or 0)
        rows.append((row.name, row.channel_id, role))
    return rows


def _said(lead: str, blocks: list[dict[str, Any]]) -> Done:
    if lead:
        blocks = [section(lead), *blocks]
    return Done.say(help_blocks.as_text(blocks), blocks=blocks)


class SetInfo:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @staticmethod
    def intro(channel: str, thread_ts: str | None = None) -> Done:
        """What the bot says when mentioned, or when it is added to a channel."""
        return Done.only(Post(channel, INTRO, thread_ts=thread_ts))

    @use_case
    def help(self, team: str, channel: str, user: str, lead: str = "") -> Done:
        """`/set help`: what the caller may run here, by moment (`lead` comes first: why the
        help is shown, e.g. for a word that is no command)."""
        with self.deps.read() as session:
            if channel.startswith("D"):
                return _said(lead, help_blocks.in_a_dm(_sets_of(session, user)))
            row = repo_sets.get_active_set(session=session, team_id=team, channel_id=channel)
            if row is None:
                closed = repo_sets.last_closed_set(
                    session=session, team_id=team, channel_id=channel
                )
                first = closed_message(closed) if closed else ""
                return _said(lead, help_blocks.no_set(first))
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            sections = commands.help_sections(
                has_set=True, is_member=user in members, is_facilitator=user == row.facilitator_id
            )
        return _said(lead, help_blocks.by_moment(f"Setbot in {clip(row.name, 100)}", sections))

    @use_case
    def status(self, team: str, channel: str, user: str) -> Done:
        with self.deps.read() as session:
            row = any_set(session, team, channel)
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            if life_status(row) == SetStatus.CLOSED:
                return Done.say(describe(row, members, None) + "\n" + closed_message(row))
            outlook = meeting_outlook.outlook(session=session, set_id=row.id or 0)
            text = describe(row, members, outlook.next_at)
            if outlook.running is not None:
                text += f"\nA meeting is running now (meeting {outlook.running})."
            if life_status(row) == SetStatus.SUSPENDED:
                text += "\n⏸️ Suspended: no meetings, prompts or reminders until `/set reactivate`."
            reports = brief.report_progress(session, row, user, members, outlook)
        return Done.say(text + (f"\n{reports}" if reports else ""))

    @use_case
    def rules(self, team: str, channel: str) -> Done:
        with self.deps.read() as session:
            row = any_set(session, team, channel)
            return Done.say(f"*Ground rules of {escape(row.name)}*\n{escape(row.ground_rules)}")
