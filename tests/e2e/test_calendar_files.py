"""Meetings in calendars, end to end in both transports: Add to my calendar in the welcome
DM, in App Home and under `/set schedule` puts an .ics in the member's DM; moving a meeting
sends those who added it the changed event (same UID, higher SEQUENCE), and nobody else."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar

from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import PROMPT_1, at, click_in_dm, create_set, dm_messages, seen


def ics_files(bot: RunningBot, user: str) -> list[Any]:
    files = bot.standin.files(bot.standin.dm_channel(user).id)
    return [f for f in files if str(f.name).endswith(".ics")]


def parsed(bot: RunningBot, file: Any) -> Calendar:
    return Calendar.from_ical(bot.standin.file_content(file.id))


def meetings_in(calendar: Calendar) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def test_add_to_my_calendar_from_the_welcome_home_and_schedule(bot: RunningBot) -> None:
    assert create_set(bot).ok
    at(bot, PROMPT_1)  # the welcomes
    welcome = next(m for m in dm_messages(bot, "UBEN") if "Welcome to" in seen(bot, m))
    assert click_in_dm(bot, "UBEN", welcome, "Add to my calendar").ok
    bot.standin.wait_until(lambda: ics_files(bot, "UBEN"), what="Ben's calendar file")
    (file,) = ics_files(bot, "UBEN")
    calendar = parsed(bot, file)
    events = meetings_in(calendar)
    assert len(events) == 6 and calendar["METHOD"] == "PUBLISH"
    assert all(e["DTSTART"].params["TZID"] == "Europe/London" for e in events)
    assert all("DURATION" in e for e in events)

    assert bot.slack.open_home("UCAI").ok
    assert bot.slack.click_home("UCAI", "Add to my calendar").ok
    bot.standin.wait_until(lambda: ics_files(bot, "UCAI"), what="Cai's calendar file")
    uids = [str(e["UID"]) for e in meetings_in(parsed(bot, ics_files(bot, "UCAI")[0]))]
    assert uids == [str(e["UID"]) for e in events]  # the same meetings, the same UIDs

    listed = bot.slack.command("UDEE", CHANNEL, "schedule")
    assert listed.ok
    (shown,) = [e for e in bot.standin.ephemerals("UDEE") if "Next meetings" in seen(bot, e)]
    assert bot.slack.click(
        "UDEE", CHANNEL, shown["message_ts"], button_text="Add to my calendar"
    ).ok
    bot.standin.wait_until(lambda: ics_files(bot, "UDEE"), what="Dee's calendar file")

    # the facilitator moves meeting 1: those who added it get the change, Ana does not
    assert bot.slack.command("UANA", CHANNEL, "reschedule 2026-11-25 15:30").ok
    bot.standin.wait_until(lambda: len(ics_files(bot, "UBEN")) == 2, what="Ben's update")
    (moved,) = meetings_in(parsed(bot, ics_files(bot, "UBEN")[-1]))
    assert str(moved["UID"]) == uids[0] and int(moved["SEQUENCE"]) == 1
    assert (moved["DTSTART"].dt.hour, moved["DTSTART"].dt.minute) == (15, 30)
    assert len(ics_files(bot, "UCAI")) == 2 and len(ics_files(bot, "UDEE")) == 2
    assert ics_files(bot, "UANA") == []
    assert bot.standin.violations == []
