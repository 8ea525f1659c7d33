"""The `/set` slash command: parse, one service call, reply to the caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.text import plural
from bot.flows import commands
from bot.flows.meeting_state import EventType
from bot.services import DomainError, Services
from bot.services.set_summary import post_set_summary

MEETING_EVENTS = {
    "start": EventType.START,
    "next": EventType.NEXT,
    "back": EventType.BACK,
    "skip": EventType.SKIP,
    "pass": EventType.PASS,
    "time": EventType.EXTEND,
    "pause": EventType.PAUSE,
    "resume": EventType.RESUME,
    "end": EventType.END,
}
CONFIRMATIONS = {
    "time": "Added {minutes} to this turn.",
    "pause": "Paused. `/set resume` restarts the clock.",
    "resume": "Resumed.",
}


@dataclass(frozen=True)
class Later:
    """Slack work to do after the ack, with an optional confirmation for the caller."""

    work: Callable[[], None]
    text: str = ""
    blocks: list[dict[str, Any]] | None = None


def register(app: App, services: Services) -> None:
    def on_set(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        team, channel = command.get("team_id", ""), command.get("channel_id", "")
        user = command.get("user_id", "")
        try:
            parsed = commands.parse(command.get("text") or "")
            reply = _run(services, client, parsed, team, channel, user, command)
        except (commands.CommandError, DomainError) as error:
            ack(text=str(error))
            return
        if isinstance(reply, Later):
            if reply.blocks:
                ack(text=reply.text, blocks=reply.blocks)
            elif reply.text:
                ack(text=reply.text)
            else:
                ack()
            reply.work()
        else:
            ack(text=reply)

    app.command("/set")(on_set)


def _run(
    services: Services,
    client: WebClient,
    parsed: commands.Command,
    team: str,
    channel: str,
    user: str,
    command: dict[str, Any],
) -> str | Later:
    """A reply text, or Slack work to do after the ack."""
    name, sets = parsed.name, services.sets
    if name == "help":
        return sets.help(team, channel, user)
    if name == "status":
        return sets.status(team, channel, user)
    if name == "rules":
        return sets.rules(team, channel)
    if name == "join":
        return sets.join(team, channel, user)
    if name == "leave":
        return sets.leave(team, channel, user)
    if name == "schedule":
        return services.schedule.list(team, channel)
    if name == "away":
        assert parsed.day is not None and parsed.until is not None
        return services.reports.away(team, channel, user, parsed.day, parsed.until)
    if name in ("reschedule", "cancel"):
        if name == "cancel":
            changed = services.schedule.cancel(team, channel, user)
        else:
            assert parsed.day is not None and parsed.at is not None
            changed = services.schedule.reschedule(team, channel, user, parsed.day, parsed.at)
        return Later(
            work=lambda: services.sets.announce(client, changed.announcement), text=changed.reply
        )
    if name == "facilitator":
        said, running = services.lifecycle.hand_over(team, channel, user, parsed.users[0])

        def handed_over() -> None:
            services.sets.announce(client, said)
            if running is not None:  # the control message names the new facilitator
                services.effects.refresh(client, running)

        return Later(work=handed_over)
    if name in ("suspend", "reactivate"):
        life = services.lifecycle
        change = life.suspend if name == "suspend" else life.reactivate
        notice = change(team, channel, user)
        return Later(work=lambda: services.sets.announce(client, notice))
    if name == "close":
        said, set_id = services.lifecycle.close(team, channel, user)

        def closing() -> None:
            services.sets.announce(client, said)
            post_set_summary(services.deps, client, set_id)
            services.home.publish_many(client, services.home.set_people(set_id))

        return Later(work=closing)
    if name == "rota":
        return services.lifecycle.rota(team, channel, user, parsed.word, parsed.users)
    if name == "nudge":
        return services.questions.set_nudge(team, channel, user, parsed.word == "on")
    if name == "export":
        job = services.export.prepare(team, channel, user)
        return Later(
            work=lambda: services.export.send(client, job),
            text="📦 Preparing the export: it arrives in your DMs with me in a moment.",
        )
    if name == "forget-me":
        text, blocks = services.privacy.ask(team, channel, user)
        return Later(work=lambda: None, text=text, blocks=blocks)
    if name == "add":
        return sets.add(team, channel, user, parsed.users)
    if name == "remove":
        return sets.remove(team, channel, user, parsed.users[0])
    if name in ("create", "settings"):
        sets.open_form(
            client, team, channel, user, command.get("trigger_id", ""), editing=name == "settings"
        )
        return Later(work=lambda: None)
    if name == "start":
        sets.require_bot_in(client, channel)
    applied = services.meetings.apply_event(
        team,
        user,
        MEETING_EVENTS[name],
        channel=channel,
        target=parsed.users[0] if parsed.users else None,
        minutes=parsed.minutes,
    )
    confirmation = CONFIRMATIONS.get(name, "").format(minutes=plural(parsed.minutes or 0, "minute"))
    return Later(work=lambda: services.effects.perform(client, applied), text=confirmation)
