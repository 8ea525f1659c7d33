"""Prompts close cleanly: when a meeting starts, each member's prompt and reminder in their
DM says what became of their report, with only the buttons that still work; their report
loses its Edit button; when the meeting ends, no live button is left."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from bot.blocks import prompt_states
from bot.blocks import report as views
from bot.blocks.text import escape, section
from bot.flows import report_back
from bot.services.brief import brief_update
from bot.services.lookups import actions_of_report
from bot.services.result import Effect, Update
from bot.store import repo_meetings, repo_reports
from bot.store.tables import LearningSet, Meeting, Report

SHARED = "✅ Your report was shared in the meeting."
STILL_OPEN = "The meeting has started: you can still send your report."
ENDED = "The meeting has ended, so its report-back is closed."
IN = "Your report-back (shared in the meeting):"


def welcome_blocks(
    session: Session,
    row: LearningSet,
    meeting: Meeting,
    user: str,
    live: bool,
    later: list[Meeting] | None = None,
) -> list[dict[str, Any]]:
    """The first meeting's welcome: with its Send apologies button while `live`. `later`:
    the set's scheduled meetings, if read already."""
    if later is None:
        later = repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
    dates = sorted({meeting.scheduled_at, *(m.scheduled_at for m in later)})
    return prompt_states.welcome(
        row.name,
        row.theme,
        row.ground_rules,
        dates,
        row.facilitator_id,
        meeting.id if live else None,
        user,
        row.id,
    )


def on_start(session: Session, row: LearningSet, meeting: Meeting) -> list[Effect]:
    """Every prompt of the meeting, and every report's message, as the meeting starts."""
    effects: list[Effect] = []
    for stored in repo_reports.reports_for(session=session, meeting_id=meeting.id or 0):
        if not stored.dm_channel:
            continue
        if report_back.loads(stored.data).welcome:  # meeting 1: the welcome, buttonless
            if stored.prompt_ts:
                blocks = welcome_blocks(session, row, meeting, stored.user_id, live=False)
                text = f"Welcome to {escape(row.name)}"
                effects.append(Update(stored.dm_channel, text, blocks, ts=stored.prompt_ts))
            effects += close_live(stored, ("apologies",), LIVE_SAID["apologies"])
            continue
        if stored.complete:
            said, still = SHARED, None
            if stored.shown_ts:
                report = report_back.loads(stored.data)
                actions = actions_of_report(
                    session, row.id or 0, stored.user_id, meeting.id or 0, report
                )
                blocks = [section(IN), *views.shown(report, actions)]
                effects.append(Update(stored.dm_channel, IN, blocks, ts=stored.shown_ts))
        else:
            said, still = STILL_OPEN, meeting.id
        effects += _prompts(row, meeting, stored.dm_channel, stored, said, still)
        effects += close_live(stored, ("apologies", "nothing"), said, LIVE_SAID)
    return effects + brief_update(session, row, meeting)  # its Remind now buttons go


def on_close(session: Session, row: LearningSet, meeting: Meeting) -> list[Effect]:
    """No live button on any prompt once the meeting is over."""
    effects: list[Effect] = []
    for stored in repo_reports.reports_for(session=session, meeting_id=meeting.id or 0):
        if stored.dm_channel and not report_back.loads(stored.data).welcome:
            said = SHARED if stored.complete else ENDED
            effects += _prompts(row, meeting, stored.dm_channel, stored, said, None)
            effects += close_live(stored, None, said, LIVE_SAID)
    return effects


def on_cancel(row: LearningSet, meeting: Meeting, reports: list[Report]) -> list[Effect]:
    """A meeting called off: its prompts, welcome, other live messages and the brief say so,
    with no button left."""
    said = f"Meeting {meeting.number} was cancelled, so there's nothing to report for it."
    effects: list[Effect] = []
    for stored in reports:
        if not stored.dm_channel:
            continue
        if report_back.loads(stored.data).welcome:
            if stored.prompt_ts:
                note = [section(f"_{said} I'll write before the set's next meeting._")]
                effects.append(Update(stored.dm_channel, said, note, ts=stored.prompt_ts))
        else:
            effects += _prompts(row, meeting, stored.dm_channel, stored, said, None)
        effects += close_live(stored, None, said)
    if meeting.brief_ts and meeting.brief_channel:
        text = f"Brief for {escape(row.name)}, meeting {meeting.number}: cancelled"
        blocks = [section(f"*{text}.* {said}")]
        effects.append(Update(meeting.brief_channel, text, blocks, ts=meeting.brief_ts))
    return effects


LIVE_SAID = {"apologies": "Apologies sent for this meeting."}


def close_live(
    stored: Report,
    kinds: tuple[str, ...] | None,
    said: str,
    words: Mapping[str, str] | None = None,
) -> list[Effect]:
    """The report's other DM messages with buttons (of `kinds`, or all), rewritten as `said`
    (or `words` of their kind) without them, and forgotten (the row is the session's: the
    change is kept)."""
    words = words or {}
    closing = [
        (kind, ts)
        for kind, ts in repo_reports.live_messages(stored)
        if kinds is None or kind in kinds
    ]
    if not closing or not stored.dm_channel:
        return []
    repo_reports.drop_live(stored, lambda kind, ts: (kind, ts) not in closing)
    channel = stored.dm_channel
    return [
        Update(channel, words.get(kind, said).strip("_"), [section(words.get(kind, said))], ts=ts)
        for kind, ts in closing
    ]


def _prompts(
    row: LearningSet,
    meeting: Meeting,
    channel: str,
    stored: Report,
    said: str,
    still: int | None,
) -> list[Effect]:
    """The prompt says what became of the report; a reminder under it just closes (one
    message saying so is enough)."""
    blocks = prompt_states.prompt_closed(row.name, meeting.number, said, still)
    effects: list[Effect] = []
    if stored.prompt_ts:
        effects.append(Update(channel, said, blocks, ts=stored.prompt_ts))
    if stored.reminder_ts:
        if stored.prompt_ts:
            text = f"Reminder for meeting {meeting.number}: closed. {said}"
            effects.append(Update(channel, text, [section(f"_{text}_")], ts=stored.reminder_ts))
        else:
            effects.append(Update(channel, said, blocks, ts=stored.reminder_ts))
    return effects
