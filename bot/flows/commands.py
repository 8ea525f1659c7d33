"""Parsing the text after `/set` into a sub-command and its arguments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from bot.flows import mrkdwn, spelling


class Role(StrEnum):
    """Who a command is listed for in `/set help`."""

    ANYONE = "anyone"
    NO_SET = "no_set"  # in a channel without a set
    IN_SET = "in_set"  # anyone, in a channel with a set
    NON_MEMBER = "non_member"
    MEMBER = "member"
    FACILITATOR = "facilitator"


class Moment(StrEnum):
    """The sections of `/set help`, in the order a set lives them."""

    SET_UP = "Set up"
    BEFORE = "Before a meeting"
    IN_MEETING = "In a meeting"
    BETWEEN = "Between meetings"
    YOUR_DATA = "Your data"


@dataclass(frozen=True)
class Spec:
    name: str
    usage: str
    summary: str
    role: Role
    moment: Moment | None = None  # None: not listed (the help itself)


F, M, IN = Role.FACILITATOR, Role.MEMBER, Role.IN_SET
_TABLE: dict[Moment, tuple[tuple[str, str, str, Role], ...]] = {
    Moment.SET_UP: (
        ("create", "/set create", "create a set in this channel", Role.NO_SET),
        ("join", "/set join", "join this channel's set", Role.NON_MEMBER),
        ("leave", "/set leave", "leave this channel's set", M),
        ("settings", "/set settings", "change the set's day, time, members or rules", F),
        ("add", "/set add @user …", "add members", F),
        ("remove", "/set remove @user", "remove a member", F),
        ("nudge", "/set nudge on|off", "question nudges in issue rounds", F),
        ("programme join", "/set programme join NAME", "add the set to a programme", F),
        ("programme leave", "/set programme leave", "take the set out of its programme", F),
        (
            "programme create",
            "/set programme create",
            "start a programme of sets (workspace admins, programme leads)",
            Role.ANYONE,
        ),
    ),
    Moment.BEFORE: (
        ("status", "/set status", "the set, its members and its next meeting", IN),
        ("schedule", "/set schedule", "the next meetings, and a calendar file", IN),
        ("rules", "/set rules", "the set's ground rules", IN),
        ("reschedule", "/set reschedule 2026-12-02 14:00", "move the next meeting", F),
        ("cancel", "/set cancel", "cancel the next meeting and tell the members", F),
    ),
    Moment.IN_MEETING: (
        ("start", "/set start", "start the next meeting", F),
        ("next", "/set next", "move the meeting on", F),
        ("back", "/set back", "go back one step", F),
        ("pass", "/set pass @user", "give the floor to a member", F),
        ("skip", "/set skip", "skip the current member's turn", F),
        ("time", "/set time +5", "add minutes to the current turn", F),
        ("pause", "/set pause", "pause the meeting's clock", F),
        ("resume", "/set resume", "resume the meeting's clock", F),
        ("end", "/set end", "end the meeting and post the summary", F),
    ),
    Moment.BETWEEN: (
        ("away", "/set away 2026-12-20 2027-01-04", "send apologies for dates ahead", M),
        ("rota", "/set rota", "who facilitates next (rotating sets)", IN),
        ("rota skip", "/set rota skip", "pass over the next facilitator", F),
        ("rota swap", "/set rota swap @user @user", "swap two places in the rota", F),
        ("facilitator", "/set facilitator @user", "hand facilitation over", F),
        ("suspend", "/set suspend", "stop the set's calendar for now", F),
        ("reactivate", "/set reactivate", "restart a suspended set's calendar", F),
        ("close", "/set close", "end the set early (it becomes read-only)", F),
        ("programme", "/set programme", "this set's programme and its leads", IN),
    ),
    Moment.YOUR_DATA: (
        ("export", "/set export", "DM me the set's record: summaries, actions, metrics", F),
        ("forget-me", "/set forget-me", "remove my answers and action texts", IN),
        (
            "programme export",
            "/set programme export",
            "DM me my programme's report (programme leads)",
            Role.ANYONE,
        ),
    ),
}
HELP = Spec("help", "/set help", "what you can run here", Role.ANYONE)
SPECS: tuple[Spec, ...] = (
    HELP,
    *(
        Spec(name, usage, summary, role, moment)
        for moment, rows in _TABLE.items()
        for name, usage, summary, role in rows
    ),
)
BY_NAME = {spec.name: spec for spec in SPECS if " " not in spec.name}
NO_ARGS = frozenset(BY_NAME) - {
    "add",
    "remove",
    "pass",
    "time",
    "reschedule",
    "away",
    "facilitator",
    "rota",
    "nudge",
    "programme",
}

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_MINUTES = re.compile(r"^\+?(\d{1,4})\s*(?:m|min|mins|minutes?)?$")


@dataclass(frozen=True)
class Command:
    name: str
    users: tuple[str, ...] = ()
    minutes: int = 0
    day: date | None = None
    at: time | None = None
    until: date | None = None
    word: str = ""  # a sub-command's own word: "skip"/"swap" for rota, "on"/"off" for nudge
    text: str = ""  # what follows it, as typed: a programme's name


class CommandError(ValueError):
    """Input that is not a command; the message is a hint for the person. `with_help`:
    the word is far from every command, so the hint is followed by the help itself."""

    def __init__(self, message: str, *, with_help: bool = False) -> None:
        super().__init__(message)
        self.with_help = with_help


def _unknown(word: str) -> CommandError:
    close = spelling.closest(word, BY_NAME)
    shown = mrkdwn.literal(word if len(word) <= 30 else word[:30] + "…")
    if close:
        spec = BY_NAME[close]
        return CommandError(
            f"I don't know `/set {shown}`. Did you mean `{spec.usage}`? Try `/set help`."
        )
    return CommandError(f"I don't know `/set {shown}`. Here is what you can run:", with_help=True)


def parse(text: str) -> Command:
    """Turn `/set` text into a Command, or raise CommandError with a hint."""
    words = text.strip().split(maxsplit=1)
    if not words:
        return Command("help")
    name, rest = words[0].lower(), (words[1] if len(words) > 1 else "").strip()
    if name not in BY_NAME:
        raise _unknown(words[0])
    spec = BY_NAME[name]
    if name in NO_ARGS:
        if rest:
            raise CommandError(f"`/set {name}` takes nothing after it. Usage: `{spec.usage}`.")
        return Command(name)
    if name == "reschedule":
        return _reschedule(rest, spec)
    if name == "away":
        return _away(rest, spec)
    if name == "nudge":
        if rest.lower() not in ("on", "off"):
            raise CommandError("Say `/set nudge on` or `/set nudge off`.")
        return Command(name, word=rest.lower())
    if name == "rota":
        return _rota(rest)
    if name == "programme":
        return _programme(rest)
    if name == "time":
        match = _MINUTES.match(rest)
        if not match:
            raise CommandError(f"Say how many minutes to add, e.g. `{spec.usage}`.")
        return Command(name, minutes=int(match.group(1)))
    users = tuple(dict.fromkeys(_MENTION.findall(rest)))
    leftover = _MENTION.sub("", rest).replace(",", " ").strip()
    if not users or leftover:
        raise CommandError(
            f"Mention the member with @, e.g. `{spec.usage}` (pick them from the @ list)."
        )
    if name in ("remove", "pass", "facilitator") and len(users) > 1:
        raise CommandError(f"`/set {name}` takes one member at a time: `{spec.usage}`.")
    return Command(name, users=users)


def _rota(rest: str) -> Command:
    word, _, others = rest.partition(" ")
    word = word.lower()
    if not word:
        return Command("rota")
    if word == "skip" and not others.strip():
        return Command("rota", word="skip")
    if word == "swap":
        users = tuple(dict.fromkeys(_MENTION.findall(others)))
        if len(users) == 2 and not _MENTION.sub("", others).replace(",", " ").strip():
            return Command("rota", users=users, word="swap")
        raise CommandError("Name the two members to swap, e.g. `/set rota swap @ana @ben`.")
    raise CommandError("Try `/set rota`, `/set rota skip` or `/set rota swap @ana @ben`.")


PROGRAMME_WORDS = ("create", "join", "leave", "export")


def _programme(rest: str) -> Command:
    word, _, after = rest.partition(" ")
    # Slack sends a command's &, < and > escaped: the name as the person typed it.
    word, after = word.lower(), mrkdwn.unescape(" ".join(after.split()))
    if not word:
        return Command("programme")
    if word not in PROGRAMME_WORDS:
        raise CommandError(
            "Try `/set programme`, `/set programme create`, `/set programme join NAME`, "
            "`/set programme leave` or `/set programme export`."
        )
    if word == "join" and not after:
        raise CommandError("Name the programme: `/set programme join NAME`.")
    if word != "join" and after:
        raise CommandError(f"`/set programme {word}` takes nothing after it.")
    return Command("programme", word=word, text=after)


def _date(word: str) -> date | None:
    if not _DAY.match(word):
        return None
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


def _reschedule(rest: str, spec: Spec) -> Command:
    words = rest.split()
    day = _date(words[0]) if words else None
    at = None
    if len(words) == 2 and (match := _CLOCK.match(words[1])):
        hour, minute = int(match.group(1)), int(match.group(2))
        at = time(hour, minute) if hour < 24 and minute < 60 else None
    if day is None or at is None:
        raise CommandError(f"Give the new date and time, e.g. `{spec.usage}`.")
    return Command("reschedule", day=day, at=at)


def _away(rest: str, spec: Spec) -> Command:
    words = rest.split()
    days = [_date(w) for w in words]
    if len(days) != 2 or None in days:
        raise CommandError(f"Give the first and last day you're away, e.g. `{spec.usage}`.")
    first, last = days
    assert first is not None and last is not None
    if last < first:
        raise CommandError("The last day comes before the first. Swap them round.")
    return Command("away", day=first, until=last)


def _roles(has_set: bool, is_member: bool, is_facilitator: bool) -> set[Role]:
    roles = {Role.ANYONE}
    if not has_set:
        roles.add(Role.NO_SET)
    else:
        roles.add(Role.IN_SET)
        roles.add(Role.MEMBER if is_member else Role.NON_MEMBER)
        if is_facilitator:
            roles.add(Role.FACILITATOR)
    return roles


def help_sections(
    has_set: bool, is_member: bool = False, is_facilitator: bool = False
) -> list[tuple[Moment, list[Spec]]]:
    """The commands the caller may run here, by the moment they are for; empty moments
    are left out, and so is the help itself."""
    roles = _roles(has_set, is_member, is_facilitator)
    sections = [
        (moment, [s for s in SPECS if s.moment == moment and s.role in roles]) for moment in Moment
    ]
    return [(moment, specs) for moment, specs in sections if specs]


def help_lines(has_set: bool, is_member: bool = False, is_facilitator: bool = False) -> list[str]:
    """One line per command the caller may run here, in the help's order."""
    return [
        f"`{s.usage}`: {s.summary}"
        for _, specs in help_sections(has_set, is_member, is_facilitator)
        for s in specs
    ]
