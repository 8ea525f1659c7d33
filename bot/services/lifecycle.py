"""A set's life between and across meetings: suspend, reactivate, close early, hand
facilitation over, edit the rota."""

from __future__ import annotations

from datetime import time

from sqlmodel import Session

from bot.blocks.text import escape, mention, slack_date
from bot.flows import meeting_codec, rota
from bot.flows.cadence import Cadence
from bot.flows.meeting import apply
from bot.flows.meeting_state import Event, EventType
from bot.flows.setup import SetConfig
from bot.services import prompts
from bot.services.core import Deps, DomainError
from bot.services.meetings import save_outcome
from bot.services.sets import (
    Announcement,
    close_set,
    plan,
    require_facilitator,
    require_set,
    rota_of,
)
from bot.store import repo_meetings, repo_sets
from bot.store.tables import LearningSet

LIVE = "A meeting is running: the facilitator ends it with `/set end` first."


def config_of(session: Session, row: LearningSet) -> SetConfig:
    """The set's settings as the form would give them (for re-planning its calendar)."""
    hour, minute = (int(p) for p in row.meeting_time.split(":"))
    return SetConfig(
        name=row.name,
        theme=row.theme,
        members=tuple(repo_sets.list_members(session=session, set_id=row.id or 0)),
        facilitator=row.facilitator_id,
        rotating=row.rotating,
        cadence=Cadence(row.cadence),
        weekday=row.weekday,
        at=time(hour, minute),
        timezone=row.timezone,
        first_date=row.first_date,
        meeting_minutes=row.meeting_minutes,
        meeting_count=row.meeting_count,
        lead_hours=row.prompt_lead_hours,
        ground_rules=row.ground_rules,
        reminder_hours=row.reminder_hours,
    )


class LifecycleService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _facilitated(
        self, session: Session, team: str, channel: str, user: str, doing: str
    ) -> LearningSet:
        row = require_set(session, team, channel)
        require_facilitator(row, user, doing)
        return row

    def suspend(self, team: str, channel: str, user: str) -> Announcement:
        """Stop the calendar: no meetings, prompts or reminders until reactivated."""
        with self.deps.session() as session:
            row = self._facilitated(session, team, channel, user, "suspend the set")
            if row.suspended:
                raise DomainError(f"*{escape(row.name)}* is already suspended.")
            if repo_meetings.running_meeting(session=session, set_id=row.id or 0):
                raise DomainError(LIVE)
            repo_meetings.plan_meetings(session=session, set_id=row.id or 0, times=[])
            row.suspended, row.updated_at = True, self.deps.clock()
            session.add(row)
            text = (
                f"⏸️ {mention(user)} suspended *{escape(row.name)}*: no meetings or report-back "
                "prompts until `/set reactivate`. Actions and learning logs stay as they are."
            )
            return Announcement(row.channel_id, text)

    def reactivate(self, team: str, channel: str, user: str) -> Announcement:
        """Restart the calendar from today, with the meetings the set still has to hold."""
        now = self.deps.clock()
        with self.deps.session() as session:
            row = self._facilitated(session, team, channel, user, "reactivate the set")
            if not row.suspended:
                raise DomainError(f"*{escape(row.name)}* isn't suspended: its calendar is running.")
            row.suspended, row.updated_at = False, now
            session.add(row)
            plan(session, row, config_of(session, row), now)
            prompts.plan_set(session, row)
            upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            when = (
                f"The next meeting is {slack_date(upcoming.scheduled_at)}."
                if upcoming
                else "No meetings are left to plan: `/set settings` adds more."
            )
            text = f"▶️ {mention(user)} reactivated *{escape(row.name)}*. {when}"
            return Announcement(row.channel_id, text)

    def close(self, team: str, channel: str, user: str) -> tuple[Announcement, int]:
        """End the set early; it becomes read-only. Returns what to announce and the set id."""
        with self.deps.session() as session:
            row = self._facilitated(session, team, channel, user, "close the set")
            if repo_meetings.running_meeting(session=session, set_id=row.id or 0):
                raise DomainError(LIVE)
            close_set(session, row, self.deps.clock())
            text = f"🏁 {mention(user)} closed *{escape(row.name)}*."
            return Announcement(row.channel_id, text), row.id or 0

    def hand_over(
        self, team: str, channel: str, user: str, to: str
    ) -> tuple[Announcement, int | None]:
        """`/set facilitator @user`: the coach role moves, or (rotating) the rota's head does.
        A running meeting changes hands at once."""
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            running = repo_meetings.running_meeting(session=session, set_id=row.id or 0, lock=True)
            state = meeting_codec.loads(running.state) if running else None
            current = state.facilitator if state else None
            if user not in (row.facilitator_id, current):
                raise DomainError(
                    f"Only the set's facilitator, {mention(row.facilitator_id)}, can hand "
                    "facilitation over."
                )
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            if row.rotating:
                try:
                    row.rota = " ".join(rota.hand_over(rota_of(session, row), to))
                except rota.RotaError as error:
                    raise DomainError(str(error)) from error
            else:
                if to not in members:
                    raise DomainError(f"{mention(to)} isn't a member: `/set add` them first.")
                row.facilitator_id = to
            row.updated_at = self.deps.clock()
            session.add(row)
            if running is not None and state is not None:
                event = Event(EventType.HAND_OVER, user, target=to)
                outcome = apply(state, event, self.deps.clock())
                if not outcome.ok:
                    raise DomainError(outcome.refused or "That can't be done now.")
                save_outcome(session, running, outcome)
            now_or_next = "now facilitates" if running else "facilitates the next meeting of"
            text = (
                f"🧭 {mention(to)} {now_or_next} *{escape(row.name)}* "
                f"(handed over by {mention(user)})."
            )
            return Announcement(row.channel_id, text), running.id if running else None

    def rota(self, team: str, channel: str, user: str, word: str, users: tuple[str, ...]) -> str:
        """Show the rota, skip its next facilitator, or swap two places."""
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            if not row.rotating:
                raise DomainError(
                    f"*{escape(row.name)}* has a fixed facilitator, {mention(row.facilitator_id)}. "
                    "Choose rotating facilitation in `/set settings` to use a rota."
                )
            current = rota_of(session, row)
            if word:
                require_facilitator(row, user, "edit the rota")
                try:
                    current = rota.skip(current) if word == "skip" else rota.swap(current, *users)
                except rota.RotaError as error:
                    raise DomainError(str(error)) from error
                row.rota, row.updated_at = " ".join(current), self.deps.clock()
                session.add(row)
            return (
                f"*Facilitation rota of {escape(row.name)}* (next first): {rota.describe(current)}"
            )
