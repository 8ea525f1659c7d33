"""Setting a set up: the create and settings form, opened and submitted."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.blocks import ics, set_form, set_ready
from bot.blocks.text import escape, mention
from bot.flows import set_life, setup_changes
from bot.flows.cadence import CADENCE_LABELS, WEEKDAYS, Cadence
from bot.flows.prompting import BRIEF_BEFORE
from bot.flows.set_life import LifeEvent, LifeEventType, SetStatus
from bot.flows.setup import SetConfig, validate
from bot.services import calendar, life, programme_choice
from bot.services.actions import close_for_leaver
from bot.services.core import INVITE_HINT, Deps, DomainError, log, use_case
from bot.services.gateway import Gateway, SlackRefused
from bot.services.guards import life_status, require_facilitator, require_set
from bot.services.result import DirectMessage, Done, OpenView, Post
from bot.services.set_info import describe
from bot.store import repo_meetings, repo_sets
from bot.store.tables import LearningSet

NOTHING_CHANGED = "Saved: nothing in the settings changed."


def shown_of(config: SetConfig) -> dict[str, str]:
    """The settings a submitted form asks for, as `shown` reads a set."""
    # Read as a set would be, without making one (a table row would join the session).
    row = cast(LearningSet, SimpleNamespace())
    repo_sets.apply_config(row, config)
    return shown(row)


def shown(row: LearningSet) -> dict[str, str]:
    """The set's settings as the channel reads them (see flows.setup_changes.LABELS)."""
    return {
        "name": escape(row.name),
        "theme": row.theme,
        "facilitator": mention(row.facilitator_id),
        "facilitation": "rotating" if row.rotating else "one facilitator",
        "cadence": CADENCE_LABELS[Cadence(row.cadence)].lower(),
        "day": WEEKDAYS[row.weekday],
        "time": row.meeting_time,
        "time zone": row.timezone,
        "first meeting": row.first_date.isoformat() if row.first_date else "",
        "length": f"{row.meeting_minutes} minutes",
        "meetings": str(row.meeting_count) if row.meeting_count else "open-ended",
        "prompts": f"{row.prompt_lead_hours} h before",
        "reminder": f"{row.reminder_hours} h before",
        "ground rules": row.ground_rules,
    }


class SetSetup:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def open_form(
        self, gateway: Gateway, team: str, channel: str, user: str, trigger_id: str, editing: bool
    ) -> Done:
        """Open the create (or settings) modal, after checking it makes sense here."""
        with self.deps.session() as session:
            row = repo_sets.get_active_set(session=session, team_id=team, channel_id=channel)
            if row and not editing:
                raise DomainError(
                    f"This channel already has a set, *{escape(row.name)}*. "
                    "Use `/set settings` to change it, or `/set status` to see it."
                )
            if row is None and editing:
                require_set(session, team, channel)  # says why: closed, or no set at all
            if row is not None:
                require_facilitator(row, user, "change the settings")
                defaults = self._defaults_from(session, row)
        if not gateway.can_post_in(channel):
            raise DomainError(INVITE_HINT)
        if row is None:
            defaults = self._fresh_defaults(gateway, user)
        with self.deps.read() as session:
            programmes = programme_choice.choices(session, team)
        view = set_form.build(
            channel,
            defaults,
            row.id if row else None,
            by=user,
            now=self.deps.clock(),
            programmes=programmes,
        )
        return Done.only(OpenView(trigger_id, view))

    def zone_options(self, user: str, block: str, view: dict[str, Any], query: str) -> list[Any]:
        """The time zone search of a set form, for the person who opened it (anyone else,
        or any other field, gets no options)."""
        if block != "timezone" or set_form.opened_by(view) not in ("", user):
            return []
        return set_form.zone_options(query, self.deps.clock())

    def _fresh_defaults(self, gateway: Gateway, user: str) -> set_form.FormDefaults:
        zone = "UTC"
        try:
            zone = gateway.user_zone(user) or "UTC"
        except SlackRefused as refused:
            log.info("users.info failed for %s: %s", user, refused)
        tomorrow = (self.deps.clock().astimezone(ZoneInfo(zone)) + timedelta(days=1)).date()
        return set_form.FormDefaults(
            members=(user,),
            facilitator=user,
            timezone=zone,
            first_date=tomorrow,
            weekday=tomorrow.weekday(),
        )

    @staticmethod
    def _defaults_from(session: Session, row: LearningSet) -> set_form.FormDefaults:
        return set_form.FormDefaults(
            name=row.name,
            theme=row.theme,
            members=tuple(repo_sets.list_members(session=session, set_id=row.id or 0)),
            facilitator=row.facilitator_id,
            rotating=row.rotating,
            cadence=row.cadence,
            weekday=row.weekday,
            time=row.meeting_time,
            timezone=row.timezone,
            first_date=row.first_date,
            meeting_minutes=row.meeting_minutes,
            meeting_count=row.meeting_count,
            lead_hours=row.prompt_lead_hours,
            reminder_hours=row.reminder_hours,
            ground_rules=row.ground_rules,
            programme=row.programme_id,
        )

    def submit_form(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """Create or update the set: inline errors by block_id, or the announcement."""
        channel, set_id = set_form.metadata(view)
        if not channel:
            return Done.invalid(
                {"name": "This form has expired. Close it and run /set create again."}
            )
        values = view.get("state", {}).get("values", {})
        form = set_form.parse(values)
        now = self.deps.clock()
        result = validate(form, now, editing=set_id is not None)
        if isinstance(result, dict):
            return Done.invalid(result)
        with self.deps.session() as session:
            if set_id is None:
                try:
                    row = repo_sets.create_set(
                        session=session,
                        team_id=team,
                        channel_id=channel,
                        config=result,
                        created_by=user,
                        now=now,
                    )
                except repo_sets.ChannelTaken:
                    return Done.invalid(
                        {"name": "This channel already has a set. Use /set settings to change it."}
                    )
                # The creator may have chosen someone else to facilitate: plan on their behalf.
                event = LifeEvent(LifeEventType.SCHEDULE, row.facilitator_id)
            else:
                found = repo_sets.get_set(session=session, set_id=set_id)
                if found is None or life_status(found) == SetStatus.CLOSED:
                    return Done.invalid({"name": "This set no longer exists."})
                if found.facilitator_id != user:
                    return Done.invalid(
                        {"name": "Only the set's facilitator can change its settings."}
                    )
                row = found
                event = LifeEvent(LifeEventType.SCHEDULE, user)
            # Decided on the set as it was (the form may hand facilitation to someone else).
            outcome = set_life.apply(life.life_of(session, row), event)
            if not outcome.ok:
                # Slack shows an inline error as plain text: no mrkdwn in it.
                reason = set_life.with_set_name(outcome.refused or "", row.name)
                reason = reason.replace("`", "").replace("*", "")
                session.rollback()
                return Done.invalid({"name": reason})
            before: list[str] = []
            shown_before: dict[str, str] = {}
            planned: dict[int, ics.CalendarMeeting] = {}
            if set_id is not None:
                before = repo_sets.list_members(session=session, set_id=row.id or 0)
                shown_before = shown(row)
                planned = calendar.planned(session, row)
                asked, to = programme_choice.chosen(session, team, values)
                moved = programme_choice.move(session, row, to, user) if asked else None
                if not setup_changes.changes(
                    shown_before, shown_of(result), before, result.members
                ):
                    if moved is not None:  # only its programme changed
                        return Done.only(moved)
                    # Saved as it was: nothing is re-planned, so a meeting moved with
                    # /set reschedule (or one cancelled) stays as it is.
                    session.rollback()
                    return Done.only(DirectMessage(user, NOTHING_CHANGED))
                for leaver in set(before) - set(result.members):
                    close_for_leaver(session, row.id or 0, leaver, now)
                repo_sets.update_set(session=session, row=row, config=result, now=now)
            life.carry_out(session, row, outcome, now)  # plans the calendar and its prompts
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            if set_id is None:
                text = describe(row, members, upcoming.scheduled_at if upcoming else None)
                dates = [
                    m.scheduled_at
                    for m in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
                ]
                hours = (row.prompt_lead_hours, row.reminder_hours)
                ready, blocks = set_ready.ready(row.name, channel, dates, *hours, BRIEF_BEFORE)
                _, to = programme_choice.chosen(session, team, values)
                joined = programme_choice.move(session, row, to, user) if to else None
                return Done.only(
                    Post(channel, f"{mention(user)} set up this set.\n{text}"),
                    *((joined,) if joined else ()),
                    DirectMessage(row.facilitator_id, ready, blocks),
                )
            said = setup_changes.changes(shown_before, shown(row), before, members)
            updates = calendar.since(session, row, planned, now)
        told = (moved,) if moved is not None else ()
        if not said:  # only meetings moved back into the plan
            return Done.only(DirectMessage(user, NOTHING_CHANGED), *told, *updates)
        return Done.only(Post(channel, setup_changes.line(user, said)), *told, *updates)
