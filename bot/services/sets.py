"""Use cases of a set outside meetings: create, settings, members, help, status, rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks import set_form
from bot.blocks.text import escape, mention, mentions, plural, slack_date
from bot.flows import commands, rota
from bot.flows.cadence import CADENCE_LABELS, WEEKDAYS, Cadence, meeting_times
from bot.flows.setup import SetConfig, validate
from bot.services import prompts
from bot.services.core import (
    INVITE_HINT,
    Deps,
    DomainError,
    bot_in_channel,
    log,
    open_modal,
    post,
)
from bot.store import repo_meetings, repo_sets
from bot.store.tables import LearningSet


@dataclass(frozen=True)
class Announcement:
    channel: str
    text: str


NO_SET = "This channel has no set yet. Create one with `/set create`."


def require_set(session: Session, team: str, channel: str) -> LearningSet:
    """The channel's open set; a closed one is read-only, so it is refused with why."""
    row = repo_sets.get_active_set(session=session, team_id=team, channel_id=channel)
    if row is None:
        closed = repo_sets.last_closed_set(session=session, team_id=team, channel_id=channel)
        if closed is not None:
            raise DomainError(closed_message(closed))
        raise DomainError(NO_SET)
    return row


def any_set(session: Session, team: str, channel: str) -> LearningSet:
    """The channel's open set, else its most recently closed one (for read-only uses)."""
    row = repo_sets.get_active_set(session=session, team_id=team, channel_id=channel)
    row = row or repo_sets.last_closed_set(session=session, team_id=team, channel_id=channel)
    if row is None:
        raise DomainError(NO_SET)
    return row


def closed_message(row: LearningSet) -> str:
    when = f" on {slack_date(row.closed_at, '{date_long}')}" if row.closed_at else ""
    return (
        f"*{escape(row.name)}* closed{when}, so it is read-only. `/set status`, `/set export` "
        "and `/set forget-me` still work; `/set create` starts a new set here."
    )


def life_status(row: LearningSet) -> str:
    """Where the set is in its life: "active", "suspended" or "closed"."""
    if row.status == "closed":
        return "closed"
    return "suspended" if row.suspended else "active"


def require_running_calendar(row: LearningSet) -> None:
    if row.suspended:
        raise DomainError(
            f"*{escape(row.name)}* is suspended, so its calendar is stopped. The facilitator "
            "restarts it with `/set reactivate`."
        )


def rota_of(session: Session, row: LearningSet) -> tuple[str, ...]:
    """The set's facilitation rota, kept in step with its members."""
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    # Until the first meeting moves it on, the rota starts with the facilitator the form chose.
    return rota.sync(tuple(row.rota.split()) or (row.facilitator_id,), members)


def close_set(session: Session, row: LearningSet, now: datetime) -> None:
    """Close the set: no more meetings or prompts; it stays readable."""
    repo_meetings.plan_meetings(session=session, set_id=row.id or 0, times=[])
    row.status, row.closed_at, row.updated_at = "closed", now, now
    session.add(row)


def require_facilitator(row: LearningSet, user: str, doing: str) -> None:
    if user != row.facilitator_id:
        raise DomainError(
            f"Only the set's facilitator, {mention(row.facilitator_id)}, can {doing}."
        )


def plan(session: Session, row: LearningSet, config: SetConfig, now: datetime) -> None:
    """(Re)plan the set's meetings not yet held, from its cadence, starting today."""
    start = max(config.first_date, now.astimezone(ZoneInfo(config.timezone)).date())
    held = repo_meetings.count_held(session=session, set_id=row.id or 0)
    remaining = None if config.meeting_count is None else max(0, config.meeting_count - held)
    # Today's slot may already have passed: ask for one more, keep the future ones.
    wanted = None if remaining is None else remaining + 1
    times = meeting_times(start, config.weekday, config.at, config.timezone, config.cadence, wanted)
    times = [t for t in times if t > now][:remaining]
    repo_meetings.plan_meetings(session=session, set_id=row.id or 0, times=times)


def describe(row: LearningSet, members: list[str], next_at: Any) -> str:
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


class SetService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    # ---- read-only replies ----

    def help(self, team: str, channel: str, user: str) -> str:
        with self.deps.session() as session:
            row = repo_sets.get_active_set(session=session, team_id=team, channel_id=channel)
            closed = None
            if row is None:
                closed = repo_sets.last_closed_set(
                    session=session, team_id=team, channel_id=channel
                )
            if row is None:
                lines = commands.help_lines(has_set=False)
                intro = "*Setbot runs action learning sets.* " + (
                    closed_message(closed) if closed else "This channel has no set yet."
                )
            else:
                members = repo_sets.list_members(session=session, set_id=row.id or 0)
                lines = commands.help_lines(
                    has_set=True,
                    is_member=user in members,
                    is_facilitator=user == row.facilitator_id,
                )
                intro = f"*Setbot runs {escape(row.name)} in this channel.*"
        return intro + "\n" + "\n".join(lines)

    def status(self, team: str, channel: str, user: str) -> str:
        with self.deps.session() as session:
            row = any_set(session, team, channel)
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            if row.status == "closed":
                return describe(row, members, None) + "\n" + closed_message(row)
            running = repo_meetings.running_meeting(session=session, set_id=row.id or 0)
            upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            text = describe(row, members, upcoming.scheduled_at if upcoming else None)
            if running:
                text += f"\nA meeting is running now (meeting {running.number})."
            if row.suspended:
                text += "\n⏸️ Suspended: no meetings, prompts or reminders until `/set reactivate`."
            reports = prompts.report_progress(session, row, user)
        return text + (f"\n{reports}" if reports else "")

    def rules(self, team: str, channel: str) -> str:
        with self.deps.session() as session:
            row = any_set(session, team, channel)
            return f"*Ground rules of {escape(row.name)}*\n{escape(row.ground_rules)}"

    # ---- members ----

    def join(self, team: str, channel: str, user: str) -> str:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            added = repo_sets.add_members(
                session=session, set_id=row.id or 0, user_ids=[user], now=self.deps.clock()
            )
            prompts.plan_set(session, row)
            name = escape(row.name)
        return f"You've joined *{name}*." if added else f"You're already a member of *{name}*."

    def leave(self, team: str, channel: str, user: str) -> str:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            if not repo_sets.remove_member(session=session, set_id=row.id or 0, user_id=user):
                raise DomainError(f"You're not a member of *{escape(row.name)}*.")
            prompts.plan_set(session, row)
            return f"You've left *{escape(row.name)}*. `/set join` brings you back."

    def add(self, team: str, channel: str, user: str, users: tuple[str, ...]) -> str:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            require_facilitator(row, user, "add members")
            added = repo_sets.add_members(
                session=session, set_id=row.id or 0, user_ids=users, now=self.deps.clock()
            )
            prompts.plan_set(session, row)
        already = [u for u in users if u not in added]
        parts = [f"Added {mentions(added)}." if added else "Nobody new to add."]
        if already:
            parts.append(f"Already members: {mentions(already)}.")
        return " ".join(parts)

    def remove(self, team: str, channel: str, user: str, target: str) -> str:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            require_facilitator(row, user, "remove members")
            if not repo_sets.remove_member(session=session, set_id=row.id or 0, user_id=target):
                raise DomainError(f"{mention(target)} is not a member of this set.")
            prompts.plan_set(session, row)
        return f"Removed {mention(target)} from the set."

    # ---- the form ----

    def open_form(
        self,
        client: WebClient,
        team: str,
        channel: str,
        user: str,
        trigger_id: str,
        editing: bool,
    ) -> None:
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
        if not bot_in_channel(client, channel):
            raise DomainError(INVITE_HINT)
        if row is None:
            defaults = self._fresh_defaults(client, user)
        view = set_form.build(channel, defaults, row.id if row else None)
        open_modal(client, trigger_id, view)

    def _fresh_defaults(self, client: WebClient, user: str) -> set_form.FormDefaults:
        zone = "UTC"
        try:
            zone = client.users_info(user=user)["user"].get("tz") or "UTC"
        except SlackApiError as error:
            log.info("users.info failed for %s: %s", user, error.response.get("error"))
        tomorrow = (self.deps.clock().astimezone(ZoneInfo(zone)) + timedelta(days=1)).date()
        return set_form.FormDefaults(
            members=(user,),
            facilitator=user,
            timezone=zone,
            first_date=tomorrow,
            weekday=tomorrow.weekday(),
        )

    def _defaults_from(self, session: Session, row: LearningSet) -> set_form.FormDefaults:
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
        )

    def submit_form(
        self, team: str, user: str, view: dict[str, Any]
    ) -> dict[str, str] | Announcement:
        """Create or update the set: inline errors by block_id, or what to announce."""
        channel, set_id = set_form.metadata(view)
        if not channel:
            return {"name": "This form has expired. Close it and run `/set create` again."}
        form = set_form.parse(view.get("state", {}).get("values", {}))
        now = self.deps.clock()
        result = validate(form, now, editing=set_id is not None)
        if isinstance(result, dict):
            return result
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
                    return {"name": "This channel already has a set. Use `/set settings`."}
            else:
                found = repo_sets.get_set(session=session, set_id=set_id)
                if found is None or found.status != "active":
                    return {"name": "This set no longer exists."}
                if found.facilitator_id != user:
                    return {"name": "Only the set's facilitator can change its settings."}
                row = found
                repo_sets.update_set(session=session, row=row, config=result, now=now)
            plan(session, row, result, now)
            prompts.plan_set(session, row)
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            text = describe(row, members, upcoming.scheduled_at if upcoming else None)
        verb = "set up" if set_id is None else "updated"
        return Announcement(channel=channel, text=f"{mention(user)} {verb} this set.\n{text}")

    def announce(self, client: WebClient, announcement: Announcement) -> None:
        try:
            post(client, announcement.channel, announcement.text)
        except (DomainError, SlackApiError) as error:
            log.warning("could not announce in %s: %s", announcement.channel, error)

    def require_bot_in(self, client: WebClient, channel: str) -> None:
        """DomainError with an invitation hint when the bot can't post in `channel`."""
        if not bot_in_channel(client, channel):
            raise DomainError(INVITE_HINT)
