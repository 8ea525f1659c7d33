"""The set's calendar from the channel: `/set schedule`, `reschedule`, `cancel` and `away`;
prompts, reminders and briefs follow every change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.store.tables import Attendance, Away
from tests.e2e.conftest import CHANNEL, MEMBERS, OUTSIDER
from tests.e2e.harness import RunningBot
from tests.e2e.steps import at, bot_dms, create_set, end_meeting, jobs, meetings, rows, seen
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

# The set meets on Tuesdays at 10:00 London (UTC in winter) from 1 December; it is 23 Nov.
FIRST = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
SECOND = FIRST + timedelta(days=7)
MOVED = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)


def stamp(when: datetime) -> str:
    """How Slack date formatting names `when` in a message."""
    return f"<!date^{int(when.timestamp())}^{{date_long_pretty}} at {{time}}|"


def set_up(bot: RunningBot, **form: str) -> None:
    assert not create_set(bot, first_date="2026-12-01", **form).errors
    assert meetings(bot)[0].scheduled_at == FIRST


def hold_the_first(bot: RunningBot) -> None:
    """Meeting 1 (1 December), held at once: it has no report-back, its members were welcomed."""
    bot.clock.now = FIRST
    assert bot.slack.command("UANA", CHANNEL, "start").ok
    end_meeting(bot)
    bot.tick()


def said(bot: RunningBot, user: str, text: str) -> str:
    reply = bot.slack.command(user, CHANNEL, text)
    assert reply.ok, reply
    return (reply.message or {}).get("text", "")


def channel_texts(bot: RunningBot) -> list[str]:
    return [seen(bot, m) for m in bot.standin.messages(CHANNEL)]


def test_schedule_lists_the_next_meetings_with_slack_dates(bot: RunningBot) -> None:
    set_up(bot, meeting_count="10")
    shown_before = len(channel_texts(bot))
    text = said(bot, OUTSIDER, "schedule")  # anyone in the channel may look
    assert text.startswith("*Next meetings of Leaders' set 🌱*")
    lines = text.splitlines()[1:]
    for number, meeting in enumerate(meetings(bot)[:8], start=1):
        assert lines[number - 1].startswith(f"• Meeting {number}: {stamp(meeting.scheduled_at)}")
    assert "|2026-12-01 10:00 UTC>" in lines[0]
    assert lines[8] == "…and 2 more."
    assert len(channel_texts(bot)) == shown_before  # an answer to the asker, not a post


def test_reschedule_moves_the_next_meeting_and_its_prompts(bot: RunningBot) -> None:
    set_up(bot)
    text = said(bot, "UANA", "reschedule 2026-12-02 14:00")
    assert text.startswith("Done. Meeting 1 of *Leaders' set 🌱* moves to " + stamp(MOVED))
    assert "Prompts and reminders follow" in text
    assert meetings(bot)[0].scheduled_at == MOVED
    assert meetings(bot)[1].scheduled_at == SECOND
    assert channel_texts(bot)[-1].startswith("📅 Meeting 1 of *Leaders' set 🌱* moves to ")
    assert stamp(MOVED) in channel_texts(bot)[-1]
    pending = {j.kind: j.due_at for j in jobs(bot, number=1, user="UBEN")}
    assert pending == {"welcome": MOVED - timedelta(hours=24)}  # the set's first meeting
    (brief,) = jobs(bot, "brief", number=1)
    assert brief.due_at == MOVED - timedelta(hours=1)

    assert at(bot, FIRST - timedelta(hours=24)) == 0  # the old prompt time: nothing
    assert all(bot_dms(bot, u) == [] for u in MEMBERS)
    at(bot, MOVED - timedelta(hours=24))
    for user in MEMBERS:
        (welcome,) = bot_dms(bot, user)
        assert "Welcome to" in welcome and stamp(MOVED) in welcome, user


def test_cancel_tells_the_members_drops_its_messages_and_start_takes_the_next(
    bot: RunningBot,
) -> None:
    set_up(bot)
    assert jobs(bot, number=1)  # prompts, reminders and a brief were planned
    assert said(bot, "UANA", "cancel") == "Cancelled, and the members are told in the channel."
    first, second = meetings(bot)[:2]
    assert (first.phase, second.phase) == ("cancelled", "scheduled")
    told = channel_texts(bot)[-1]
    assert told.startswith(f"🚫 Meeting 1 of *Leaders' set 🌱*, {stamp(FIRST)}")
    assert "is cancelled. The next meeting is " + stamp(SECOND) in told
    assert all(f"<@{u}>" in told for u in MEMBERS)
    assert [j for j in jobs(bot, number=1) if j.status == "pending"] == []
    # meeting 2 is the set's first now: its members are welcomed to it
    assert len(jobs(bot, "welcome", number=2)) == len(MEMBERS)

    assert at(bot, FIRST - timedelta(hours=24)) == 0
    assert at(bot, FIRST) == 0  # no prompt, reminder or brief for the cancelled meeting
    assert all(bot_dms(bot, u) == [] for u in MEMBERS)
    assert said(bot, "UANA", "start") == ""
    first, second = meetings(bot)[:2]
    assert first.phase == "cancelled" and second.phase == "check_in"
    assert any("meeting 2" in t and "Check-in" in t for t in channel_texts(bot)), channel_texts(bot)


def test_away_sends_apologies_for_meetings_in_range_and_no_reminders(bot: RunningBot) -> None:
    set_up(bot)
    text = said(bot, "UBEN", "away 2026-11-30 2026-12-09")
    assert text == (
        f"Apologies sent for: {stamp(FIRST)}2026-12-01 10:00 UTC>; {stamp(SECOND)}"
        "2026-12-08 10:00 UTC>. You'll get no reminders for them."
    )
    # days away are kept as dates, not stamped on meetings, so they follow a meeting that moves
    assert rows(bot, Attendance) == []
    assert [(a.user_id, str(a.first_day), str(a.last_day)) for a in rows(bot, Away)] == [
        ("UBEN", "2026-11-30", "2026-12-09")
    ]
    assert [j.kind for j in jobs(bot, user="UBEN", number=1)] == ["welcome"]  # still welcome
    assert [j.kind for j in jobs(bot, user="UBEN", number=2)] == ["prompt"]  # still invited
    assert [j.kind for j in jobs(bot, user="UBEN", number=3)] == ["prompt", "reminder"]

    hold_the_first(bot)
    at(bot, SECOND - timedelta(hours=24))
    assert "What did you do?" in bot_dms(bot, "UBEN")[-1]
    at(bot, SECOND - timedelta(hours=2))
    for user in ("UANA", "UCAI", "UDEE"):
        assert bot_dms(bot, user)[-1].startswith("A reminder:"), user
    assert not any(t.startswith("A reminder:") for t in bot_dms(bot, "UBEN"))
    at(bot, SECOND - timedelta(hours=1))
    assert "Apologies:* <@UBEN>" in bot_dms(bot, "UANA")[-1]


def test_away_apologies_follow_the_dates_when_the_meetings_move(http_bot: RunningBot) -> None:
    bot = http_bot
    set_up(bot)  # weekly: 1, 8, 15 December …
    said(bot, "UCAI", "away 2026-12-07 2026-12-09")  # meeting 2, on 8 December
    assert bot.slack.command("UANA", CHANNEL, "settings").ok
    form = bot.standin.views_opened("UANA")[-1]
    reply = bot.slack.submit("UANA", form["id"], {"cadence": {"value": "biweekly"}})
    assert reply.ok and not reply.errors, reply.message
    # fortnightly: 1, 15, 29 December …; no meeting falls in Cai's days away any more
    assert [m.scheduled_at for m in meetings(bot)[:3]] == [
        FIRST + timedelta(days=d) for d in (0, 14, 28)
    ]
    assert not any(a.status == "apologies" for a in rows(bot, Attendance)), rows(bot, Attendance)
    assert [j.kind for j in jobs(bot, user="UCAI", number=2)] == ["prompt", "reminder"]


def reminders_to(bot: RunningBot, user: str) -> int:
    return sum(t.startswith("A reminder:") for t in bot_dms(bot, user))


@pytest.mark.parametrize(
    ("ahead", "reminded"), [(timedelta(minutes=40), False), (timedelta(hours=2), True)]
)
def test_a_meeting_moved_close_gets_its_prompt_now_and_no_reminder_on_its_heels(
    bot: RunningBot, ahead: timedelta, reminded: bool
) -> None:
    """Both the prompt and the reminder fall due at once when a meeting moves near: the
    prompt goes now, the reminder an hour later if the meeting is still ahead, else never.
    (Meeting 2's: the set's first has welcomes, and no reminder.)"""
    set_up(bot)
    hold_the_first(bot)
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    bot.clock.now = now
    moved = now + ahead
    text = said(bot, "UANA", f"reschedule {moved:%Y-%m-%d %H:%M}")
    assert text.startswith("Done."), text
    at(bot, now + timedelta(seconds=10))
    for user in MEMBERS:
        assert any("What did you do?" in t for t in bot_dms(bot, user)), user
        assert reminders_to(bot, user) == 0, user
    at(bot, now + timedelta(minutes=59))
    assert all(reminders_to(bot, u) == 0 for u in MEMBERS)
    at(bot, moved - timedelta(minutes=1))
    assert [reminders_to(bot, u) for u in MEMBERS] == [1 if reminded else 0] * len(MEMBERS)
