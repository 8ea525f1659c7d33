"""Apologies: for one meeting from the prompt's button (and taken back with I can come
after all), or for every meeting between two dates with `/set away`."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.blocks import prompt_states
from bot.blocks.text import section, slack_date
from bot.flows.meeting_state import Phase, Presence
from bot.services.brief import brief_update
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import require_set
from bot.services.prompt_close import close_live
from bot.services.prompt_plans import apologies_for, first_meeting, plan_meeting
from bot.services.reports import member_meeting
from bot.services.result import DirectMessage, Done, Effect, LiveButtons, Update
from bot.store import repo_meetings, repo_reports, repo_sets


def _earlier_apologies(session: Session, meeting_id: int, user: str) -> list[Effect]:
    """Apologies sent again: the earlier "Apologies sent" messages point to the newest, and
    lose their button (only the newest takes them back)."""
    stored = repo_reports.get_report(session=session, meeting_id=meeting_id, user_id=user)
    if stored is None:
        return []
    return close_live(stored, ("apologies",), "_Apologies sent again: see below._")


class ApologyService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def send(self, team: str, user: str, meeting_id: str, channel: str = "") -> Done:
        """Apologies for one meeting: marked absent, no reminder, still invited to report.
        The message saying so keeps its I can come after all until the meeting starts."""
        with self.deps.session() as session:
            meeting, row = member_meeting(session, team, user, meeting_id)
            if meeting.phase in (Phase.CLOSED, Phase.CANCELLED):
                raise DomainError("That meeting is over, so there's nothing to send.")
            if meeting.phase != Phase.SCHEDULED:
                raise DomainError("That meeting has already started, so apologies are too late.")
            repo_meetings.record_attendance(
                session=session,
                meeting_id=meeting.id or 0,
                user_id=user,
                status=Presence.APOLOGIES.value,
                now=self.deps.clock(),
            )
            plan_meeting(session, row, meeting)
            when = slack_date(meeting.scheduled_at)
            brief = brief_update(session, row, meeting)
            first = first_meeting(session, row) == meeting.id
            earlier = _earlier_apologies(session, meeting.id or 0, user)
        if first:  # nothing to report on yet
            text = f"Apologies sent for {when}: the set's first meeting. See you at the next one."
        else:
            text = (
                f"Apologies sent for {when}. You won't get a reminder. If you can, still send "
                "your report-back: the set will hear it in the meeting."
            )
        said = DirectMessage(
            user,
            text,
            prompt_states.apologies_sent(text, meeting.id or 0),
            channel=channel if channel.startswith("D") else None,
            keep=LiveButtons(meeting.id or 0, user, "apologies"),
        )
        return Done.only(*earlier, said, *brief)

    @use_case
    def come_after_all(
        self, team: str, user: str, meeting_id: str, channel: str = "", ts: str = ""
    ) -> Done:
        """I can come after all: the apologies are taken back (and the reminder with them);
        the message that said "Apologies sent" says so instead, without its button."""
        with self.deps.session() as session:
            meeting, row = member_meeting(session, team, user, meeting_id)
            if meeting.phase in (Phase.CLOSED, Phase.CANCELLED):
                raise DomainError("That meeting is over, so there's nothing to change.")
            if meeting.phase != Phase.SCHEDULED:
                raise DomainError(
                    "That meeting has started: check in with the buttons in the channel."
                )
            repo_meetings.remove_attendance(
                session=session, meeting_id=meeting.id or 0, user_id=user
            )
            plan_meeting(session, row, meeting)
            when = slack_date(meeting.scheduled_at)
            still_away = user in apologies_for(session, row, meeting)
            brief = brief_update(session, row, meeting)
            stored = repo_reports.get_report(
                session=session, meeting_id=meeting.id or 0, user_id=user
            )
            if stored is not None and ts:
                repo_reports.drop_live(stored, lambda _kind, kept: kept != ts)
                session.add(stored)
        if still_away:
            text = (
                f"Your apologies for {when} are taken back, but you also told me you're away "
                "then (`/set away`). Run `/set away` again with other dates to change that."
            )
        else:
            text = f"Great: you're down as coming on {when}. Your apologies are taken back."
        if channel.startswith("D") and ts:  # the "Apologies sent" message becomes this
            return Done.only(Update(channel, text, [section(text)], ts=ts), *brief)
        return Done.say(text, *brief)

    @use_case
    def away(self, team: str, channel: str, user: str, first: date, last: date) -> Done:
        """Apologies in advance for every meeting between two dates (inclusive)."""
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            if user not in repo_sets.list_members(session=session, set_id=row.id or 0):
                raise DomainError("Only members send apologies. Use `/set join` to join.")
            repo_reports.add_away(
                session=session,
                set_id=row.id or 0,
                user_id=user,
                first_day=first,
                last_day=last,
                now=self.deps.clock(),
            )
            zone = ZoneInfo(row.timezone)
            missed, briefs = [], []
            for meeting in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0):
                if first <= meeting.scheduled_at.astimezone(zone).date() <= last:
                    plan_meeting(session, row, meeting)  # no reminder for those dates
                    missed.append(slack_date(meeting.scheduled_at))
                    briefs += brief_update(session, row, meeting)
        if not missed:
            return Done.say("Noted. No meeting falls in those dates.")
        return Done.say(
            "Apologies sent for: " + "; ".join(missed) + ". You'll get no reminders for them.",
            *briefs,
        )
