"""A set's meetings as an iCalendar file (RFC 5545), built with `icalendar`.

Every meeting is one VEVENT with a stable UID, so a calendar app that imports a later file
(a higher SEQUENCE) moves the event it has; METHOD:CANCEL with STATUS:CANCELLED removes it.
Start times carry the set's TZID with its VTIMEZONE, and the meeting's length is a DURATION.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODID = "-//Setbot//Action learning sets//EN"


@dataclass(frozen=True)
class CalendarMeeting:
    uid: str
    number: int
    starts: datetime  # UTC
    sequence: int = 0


@dataclass(frozen=True)
class CalendarSet:
    name: str
    channel_link: str
    zone: str
    minutes: int


def uid(team: str, set_id: int, meeting_id: int, key: str | None) -> str:
    """The meeting's UID: the same in every file the set's calendar ever sends, and never
    another meeting's (`key` is the meeting's own; rows from before it have none)."""
    return f"setbot-{team}-{set_id}-{meeting_id}{'-' + key if key else ''}@setbot"


def channel_link(team: str, channel: str) -> str:
    return f"https://slack.com/app_redirect?channel={channel}&team={team}"


def build(
    of: CalendarSet,
    meetings: Sequence[CalendarMeeting],
    now: datetime,
    cancel: bool = False,
) -> bytes:
    """The file: PUBLISH for meetings to add or move, CANCEL for meetings called off."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    calendar.add("x-wr-calname", of.name)
    zone = ZoneInfo(of.zone)
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting.uid)
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", meeting.starts.astimezone(zone))
        event.add("duration", timedelta(minutes=of.minutes))
        event.add("sequence", meeting.sequence)
        event.add("summary", f"{of.name} · meeting {meeting.number}")
        event.add(
            "description",
            f"Action learning set meeting {meeting.number} of {of.name}, in Slack: "
            f"{of.channel_link}",
        )
        event.add("url", of.channel_link)
        event.add("status", "CANCELLED" if cancel else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def filename(set_name: str) -> str:
    """A file name people recognise, from the set's name (ASCII letters and digits)."""
    stem = "".join(c if c.isascii() and c.isalnum() else "-" for c in set_name.lower())
    stem = "-".join(part for part in stem.split("-") if part)[:40] or "set"
    return f"{stem}-meetings.ics"
