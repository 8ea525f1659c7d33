"""Parsing the text after `/set` into a sub-command and its arguments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from bot.flows import mrkdwn, spelling
from bot.flows.command_table import (  # noqa: F401  (part of this module's interface)
    BY_NAME,
    HELP,
    NO_ARGS,
    SPECS,
    Moment,
    Role,
    Spec,
    help_lines,
    help_sections,
)

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
