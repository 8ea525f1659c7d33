"""The set's time zone changed after its meetings were planned: the meetings move to the
new zone's local time, and their prompts move with them."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    PROMPT_1,
    at,
    bot_dms,
    create_set,
    jobs,
    meetings,
    report_of,
    seen,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def change_time_zone(bot: RunningBot, zone: str) -> None:
    assert bot.slack.command("UANA", CHANNEL, "settings").ok
    form = bot.standin.views_opened("UANA")[-1]
    reply = bot.slack.submit("UANA", form["id"], {"timezone": {"value": zone}})
    assert reply.ok and not reply.errors, reply.message
    said = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert said.startswith("⚙️ <@UANA> changed the settings: time zone " + zone), said


def test_a_new_time_zone_moves_the_meetings_and_their_prompts(bot: RunningBot) -> None:
    # 20 weekly meetings run into April, across both countries' clock changes (US 14 March,
    # UK 28 March), so "10:00 local" is a different UTC hour before, between and after
    assert not create_set(bot, meeting_count="20").errors
    before = meetings(bot)
    assert len(before) == 20
    assert {m.scheduled_at.astimezone(LONDON).hour for m in before} == {10}
    days = [m.scheduled_at.astimezone(LONDON).date() for m in before]

    change_time_zone(bot, "America/New_York")
    after = meetings(bot)
    assert [m.number for m in after] == list(range(1, 21))
    assert [m.scheduled_at.astimezone(NEW_YORK).date() for m in after] == days
    for meeting in after:
        local = meeting.scheduled_at.astimezone(NEW_YORK)
        assert (local.hour, local.minute, local.weekday()) == (10, 0, 1), meeting
    assert {m.scheduled_at.hour for m in after} == {14, 15}  # UTC: EDT and EST
    for meeting in after:
        kind = "welcome" if meeting.number == 1 else "prompt"  # nothing to report on yet
        due = {
            j.key.rsplit(":", 1)[1]: j.due_at
            for j in jobs(bot, kind, number=meeting.number)
            if j.status == "pending"
        }
        assert due == dict.fromkeys(MEMBERS, meeting.scheduled_at - timedelta(hours=24))
    assert all(j.due_at.hour in (14, 15) for j in jobs(bot, "prompt") if j.status == "pending")

    # nothing at the old time; at the new one (10:00 New York = 15:00 UTC) each member
    # is welcomed once, with the first meeting shown at its new time
    assert at(bot, PROMPT_1) == 0
    assert all(bot_dms(bot, u) == [] for u in MEMBERS)
    at(bot, PROMPT_1 + timedelta(hours=5))
    stamp = f"<!date^{int(after[0].scheduled_at.timestamp())}^"
    for user in MEMBERS:
        (welcome,) = bot_dms(bot, user)
        assert "Welcome to" in welcome and stamp in welcome, user


def test_a_time_zone_change_keeps_reports_apologies_and_sent_prompts(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    at(bot, PROMPT_1)
    bot.slack.dm("UBEN", "The board won't budge")  # what Ben might bring to meeting 1
    away = bot.slack.command("UCAI", CHANNEL, "away 2026-11-30 2026-12-02")  # meeting 2
    assert "Apologies sent for" in (away.message or {}).get("text", ""), away.message

    change_time_zone(bot, "America/New_York")
    assert report_of(bot, "UBEN").issue_hint == "The board won't budge"
    # Cai's days away still cover meeting 2 (Tue 1 Dec in New York): no reminder for it
    assert [j.kind for j in jobs(bot, user="UCAI", number=2)] == ["prompt"]
    assert [j.kind for j in jobs(bot, user="UBEN", number=2)] == ["prompt", "reminder"]
    at(bot, PROMPT_1 + timedelta(hours=5))
    for user in MEMBERS:  # the meeting moved five hours; its welcome isn't sent again
        assert sum("Welcome to" in t for t in bot_dms(bot, user)) == 1, user
