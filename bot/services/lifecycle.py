"""A set's life between and across meetings: suspend, reactivate, close early, hand
facilitation over, edit the rota. The rules are `flows.set_life`'s table."""

from __future__ import annotations

from bot.blocks.text import escape, mention, slack_date
from bot.flows import rota
from bot.flows.meeting_state import EventType
from bot.flows.set_life import LifeEvent, LifeEventType
from bot.services import calendar, home_refresh, life, meetings, set_summary
from bot.services.core import Deps, use_case
from bot.services.guards import require_set, rota_of, set_people
from bot.services.result import Done, Effect, Post
from bot.store import repo_meetings, repo_sets


class LifecycleService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def suspend(self, team: str, channel: str, user: str) -> Done:
        """Stop the calendar: no meetings, prompts or reminders until reactivated."""
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            before = calendar.planned(session, row)
            now = self.deps.clock()
            life.change(session, row, LifeEvent(LifeEventType.SUSPEND, user), now)
            updates = calendar.since(session, row, before, now)
            text = (
                f"⏸️ {mention(user)} suspended *{escape(row.name)}*: no meetings or report-back "
                "prompts until `/set reactivate`. Actions and learning logs stay as they are."
            )
            return Done.only(Post(row.channel_id, text), *updates)

    @use_case
    def reactivate(self, team: str, channel: str, user: str) -> Done:
        """Restart the calendar from today, with the meetings the set still has to hold."""
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            event = LifeEvent(LifeEventType.REACTIVATE, user)
            before = calendar.planned(session, row)
            now = self.deps.clock()
            life.change(session, row, event, now)
            updates = calendar.since(session, row, before, now)
            upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            when = (
                f"The next meeting is {slack_date(upcoming.scheduled_at)}."
                if upcoming
                else "No meetings are left to plan: `/set settings` adds more."
            )
            text = f"▶️ {mention(user)} reactivated *{escape(row.name)}*. {when}"
            return Done.only(Post(row.channel_id, text), *updates)

    @use_case
    def close(self, team: str, channel: str, user: str) -> Done:
        """End the set early; it becomes read-only. Its summary follows the announcement."""
        now = self.deps.clock()
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            event = LifeEvent(LifeEventType.CLOSE, user)
            before = calendar.planned(session, row)
            life.change(session, row, event, now, life.life_of(session, row, members))
            updates = calendar.since(session, row, before, now)
            said = Post(row.channel_id, f"🏁 {mention(user)} closed *{escape(row.name)}*.")
            summary = set_summary.post(session, row)
            home_refresh.refresh_later(session, team, set_people(row, members), now)
            return Done.only(said, summary, *updates)

    @use_case
    def hand_over(self, team: str, channel: str, user: str, to: str) -> Done:
        """`/set facilitator @user`: the coach role moves, or (rotating) the rota's head does.
        A running meeting changes hands at once."""
        now = self.deps.clock()
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            found = life.life_of(session, row, members)
            running = found.running
            life.change(
                session, row, LifeEvent(LifeEventType.HAND_OVER, user, target=to), now, found
            )
            shown: list[Effect] = []
            if running:
                request = meetings.Request(
                    team, user, EventType.HAND_OVER, channel=channel, target=to
                )
                shown = meetings.transition(session, request, now)
            now_or_next = "now facilitates" if running else "facilitates the next meeting of"
            text = (
                f"🧭 {mention(to)} {now_or_next} *{escape(row.name)}* "
                f"(handed over by {mention(user)})."
            )
            # The announcement first, then the control message naming the new facilitator.
            return Done.only(Post(row.channel_id, text), *shown)

    @use_case
    def rota(self, team: str, channel: str, user: str, word: str, users: tuple[str, ...]) -> Done:
        """Show the rota, skip its next facilitator, or swap two places."""
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            if word or not row.rotating:  # a fixed set says why it has no rota
                kind = LifeEventType.ROTA_SKIP if word == "skip" else LifeEventType.ROTA_SWAP
                pair = (users[0], users[1]) if len(users) == 2 else None
                found = life.life_of(session, row, members)
                life.change(
                    session, row, LifeEvent(kind, user, pair=pair), self.deps.clock(), found
                )
            current = rota_of(row, members)
            return Done.say(
                f"*Facilitation rota of {escape(row.name)}* (next first): {rota.describe(current)}"
            )
