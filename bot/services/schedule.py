"""The set's calendar: list, move or cancel the next meeting; prompts follow every change."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import Session

from bot.blocks import ids
from bot.blocks.text import button, escape, mentions, section, slack_date
from bot.flows.cadence import local_to_utc
from bot.flows.set_life import LifeEvent, LifeEventType
from bot.services import calendar, life, prompt_close
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import require_facilitator, require_set
from bot.services.prompt_plans import plan_meeting
from bot.services.result import Done, Post
from bot.store import repo_meetings, repo_reports, repo_sets
from bot.store.tables import LearningSet, Meeting

SHOWN = 8


class ScheduleService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def list(self, team: str, channel: str) -> Done:
        with self.deps.read() as session:
            row = require_set(session, team, channel)
            upcoming = repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
        if not upcoming:
            return Done.say(
                f"*{escape(row.name)}* has no meetings scheduled. `/set settings` plans more."
            )
        lines = [f"• Meeting {m.number}: {slack_date(m.scheduled_at)}" for m in upcoming[:SHOWN]]
        more = len(upcoming) - SHOWN
        if more > 0:
            lines.append(f"…and {more} more.")
        text = f"*Next meetings of {escape(row.name)}*\n" + "\n".join(lines)
        calendar = button("Add to my calendar", ids.ADD_TO_CALENDAR, str(row.id))
        blocks = [
            section(text),
            {"type": "actions", "block_id": "calendar", "elements": [calendar]},
        ]
        return Done.say(text, blocks=blocks)

    @use_case
    def reschedule(self, team: str, channel: str, user: str, day: date, at: time) -> Done:
        """Move the next meeting to a new local date and time."""
        with self.deps.session() as session:
            row, meeting = self._next(session, team, channel, user, "move meetings")
            when = local_to_utc(day, at, row.timezone)
            if when <= self.deps.clock():
                raise DomainError("That time has passed. Pick a time in the future.")
            later = [
                m
                for m in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
                if m.number > meeting.number
            ]
            if later and when >= later[0].scheduled_at:
                raise DomainError(
                    f"That's after meeting {later[0].number} "
                    f"({slack_date(later[0].scheduled_at)}). Pick an earlier time, or "
                    "`/set cancel` this one."
                )
            meeting.scheduled_at = when
            session.add(meeting)
            session.flush()
            plan_meeting(session, row, meeting)
            updates = calendar.changed(session, row, [meeting], [], self.deps.clock())
            text = f"Meeting {meeting.number} of *{escape(row.name)}* moves to {slack_date(when)}."
        return Done.say(
            f"Done. {text} Prompts and reminders follow.",
            Post(row.channel_id, f"📅 {text}"),
            *updates,
        )

    @use_case
    def cancel(self, team: str, channel: str, user: str) -> Done:
        """Cancel the next meeting: no prompts or reminders for it, and the members are told."""
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            meeting = repo_meetings.next_scheduled(session=session, set_id=row.id or 0, lock=True)
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            event = LifeEvent(LifeEventType.CANCEL_MEETING, user)
            life.change(session, row, event, self.deps.clock(), life.life_of(session, row, members))
            assert meeting is not None  # the table refuses a cancel with none scheduled
            reports = repo_reports.reports_for(session=session, meeting_id=meeting.id or 0)
            closing = prompt_close.on_cancel(row, meeting, reports)
            updates = calendar.changed(session, row, [], [meeting], self.deps.clock())
            upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            after = (
                f" The next meeting is {slack_date(upcoming.scheduled_at)}."
                if upcoming
                else " No further meetings are scheduled."
            )
            text = (
                f"Meeting {meeting.number} of *{escape(row.name)}*, "
                f"{slack_date(meeting.scheduled_at)}, is cancelled.{after}"
            )
        return Done.say(
            "Cancelled, and the members are told in the channel.",
            Post(row.channel_id, f"🚫 {text}\n{mentions(members)}"),
            *closing,
            *updates,
        )

    def _next(
        self, session: Session, team: str, channel: str, user: str, doing: str
    ) -> tuple[LearningSet, Meeting]:
        row = require_set(session, team, channel)
        require_facilitator(row, user, doing)
        meeting = repo_meetings.next_scheduled(session=session, set_id=row.id or 0, lock=True)
        if meeting is None:
            raise DomainError("There's no upcoming meeting. `/set settings` plans more.")
        return row, meeting
