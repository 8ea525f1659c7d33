"""`/set …`: the text parsed, then one use case from a table of sub-commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.blocks.text import plural
from bot.flows import commands
from bot.flows.meeting_state import EventType
from bot.services.gateway import Gateway
from bot.services.meetings import Request
from bot.services.result import Done

if TYPE_CHECKING:
    from bot.services import Services


@dataclass(frozen=True)
class Asked:
    """One `/set` command as Slack sent it, and the Slack it came from."""

    team: str
    channel: str
    user: str
    command: commands.Command
    trigger_id: str
    gateway: Gateway


UseCase = Callable[["Services", Asked], Done]

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


def _meeting(name: str) -> UseCase:
    def run(services: Services, asked: Asked) -> Done:
        parsed = asked.command
        request = Request(
            asked.team,
            asked.user,
            MEETING_EVENTS[name],
            channel=asked.channel,
            target=parsed.users[0] if parsed.users else None,
            minutes=parsed.minutes,
            ask_first=name == "end",
        )
        minutes = plural(parsed.minutes or 0, "minute")
        confirmation = CONFIRMATIONS.get(name, "").format(minutes=minutes)
        gateway = asked.gateway if name == "start" else None
        return services.meetings.apply_event(request, confirmation, gateway)

    return run


def _away(services: Services, asked: Asked) -> Done:
    day, until = asked.command.day, asked.command.until
    assert day is not None and until is not None  # the parser gives both
    return services.apologies.away(asked.team, asked.channel, asked.user, day, until)


def _reschedule(services: Services, asked: Asked) -> Done:
    day, at = asked.command.day, asked.command.at
    assert day is not None and at is not None  # the parser gives both
    return services.schedule.reschedule(asked.team, asked.channel, asked.user, day, at)


def _form(editing: bool) -> UseCase:
    def run(services: Services, asked: Asked) -> Done:
        return services.setup.open_form(
            asked.gateway, asked.team, asked.channel, asked.user, asked.trigger_id, editing
        )

    return run


def _programme(services: Services, asked: Asked) -> Done:
    word, programmes = asked.command.word, services.programmes
    if word == "create":
        return programmes.open_form(asked.gateway, asked.team, asked.user, asked.trigger_id)
    if word == "join":
        return programmes.join(asked.team, asked.channel, asked.user, asked.command.text)
    if word == "leave":
        return programmes.leave(asked.team, asked.channel, asked.user)
    if word == "export":
        return programmes.export(asked.team, asked.user)
    return programmes.show(asked.team, asked.channel)


USE_CASES: dict[str, UseCase] = {
    "help": lambda s, a: s.info.help(a.team, a.channel, a.user),
    "status": lambda s, a: s.info.status(a.team, a.channel, a.user),
    "rules": lambda s, a: s.info.rules(a.team, a.channel),
    "join": lambda s, a: s.members.join(a.team, a.channel, a.user),
    "leave": lambda s, a: s.members.leave(a.team, a.channel, a.user),
    "add": lambda s, a: s.members.add(a.team, a.channel, a.user, a.command.users),
    "remove": lambda s, a: s.members.remove(a.team, a.channel, a.user, a.command.users[0]),
    "create": _form(editing=False),
    "settings": _form(editing=True),
    "schedule": lambda s, a: s.schedule.list(a.team, a.channel),
    "reschedule": _reschedule,
    "cancel": lambda s, a: s.schedule.cancel(a.team, a.channel, a.user),
    "away": _away,
    "facilitator": lambda s, a: s.lifecycle.hand_over(
        a.team, a.channel, a.user, a.command.users[0]
    ),
    "suspend": lambda s, a: s.lifecycle.suspend(a.team, a.channel, a.user),
    "reactivate": lambda s, a: s.lifecycle.reactivate(a.team, a.channel, a.user),
    "close": lambda s, a: s.lifecycle.close(a.team, a.channel, a.user),
    "rota": lambda s, a: s.lifecycle.rota(
        a.team, a.channel, a.user, a.command.word, a.command.users
    ),
    "nudge": lambda s, a: s.questions.set_nudge(a.team, a.channel, a.user, a.command.word == "on"),
    "export": lambda s, a: s.export.export(a.team, a.channel, a.user),
    "forget-me": lambda s, a: s.privacy.ask(a.team, a.channel, a.user),
    "programme": _programme,
    **{name: _meeting(name) for name in MEETING_EVENTS},
}


def run(
    services: Services,
    gateway: Gateway,
    team: str,
    channel: str,
    user: str,
    text: str,
    trigger_id: str = "",
) -> Done:
    """The reply (and effects) for one `/set` command; a hint for text that is none."""
    try:
        parsed = commands.parse(text)
    except commands.CommandError as error:
        if error.with_help:
            return services.info.help(team, channel, user, lead=str(error))
        return Done.say(str(error))
    asked = Asked(team, channel, user, parsed, trigger_id, gateway)
    return USE_CASES[parsed.name](services, asked)
