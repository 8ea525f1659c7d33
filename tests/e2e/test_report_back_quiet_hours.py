"""Quiet hours: no prompt or reminder between 21:00 and 08:00 in the member's own time zone
(from users.info); it moves to the nearest allowed time still before the meeting.

Each test holds the set's first meeting first (it has no report-back), then follows the
prompts of meeting 2, a week after the times named below."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    MEETING_2,
    PROMPT_2,
    WEEK,
    at,
    bot_dms,
    create_set,
    jobs,
    past_the_first_meeting,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

LA = "America/Los_Angeles"  # UTC-8 in November


def in_la(bot: RunningBot, user: str = "UCAI") -> None:
    bot.standin.add_user(user, user[1:].lower(), tz=LA)


def prompts_to(bot: RunningBot, user: str) -> int:
    return sum("What did you do?" in t for t in bot_dms(bot, user))


def test_a_prompt_due_at_three_in_the_morning_arrives_at_eight_local(bot: RunningBot) -> None:
    in_la(bot)
    # meetings at 11:00 London: prompts due 11:00 UTC the day before, 03:00 in Los Angeles
    assert not create_set(bot, time="11:00").errors
    past_the_first_meeting(bot)
    due = PROMPT_2 + timedelta(hours=1)
    eight_am_la = datetime(2026, 11, 23, 16, 0, tzinfo=UTC) + WEEK

    at(bot, due)
    for user in ("UANA", "UBEN", "UDEE"):
        assert prompts_to(bot, user) == 1, user
    assert bot_dms(bot, "UCAI") == []  # nothing at the original time
    (job,) = jobs(bot, "prompt", "UCAI", number=2)
    assert job.status == "pending" and job.due_at == eight_am_la

    at(bot, eight_am_la - timedelta(seconds=1))
    assert bot_dms(bot, "UCAI") == []
    at(bot, eight_am_la)
    assert prompts_to(bot, "UCAI") == 1
    at(bot, eight_am_la + timedelta(hours=1))
    assert len(bot_dms(bot, "UCAI")) == 1
    assert {j.status for j in jobs(bot, "prompt", number=2)} == {"done"}


def test_a_prompt_due_at_two_in_the_morning_is_moved_not_dropped(bot: RunningBot) -> None:
    in_la(bot)
    # meetings at 10:00 London: prompts due 10:00 UTC, 02:00 in Los Angeles, where
    # 20:59 the evening before has passed and 08:00 (16:00 UTC) is 18 hours before the meeting
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    eight_am_la = datetime(2026, 11, 23, 16, 0, tzinfo=UTC) + WEEK
    at(bot, PROMPT_2)
    assert bot_dms(bot, "UCAI") == []
    assert prompts_to(bot, "UBEN") == 1
    at(bot, eight_am_la - timedelta(seconds=1))
    assert bot_dms(bot, "UCAI") == []
    at(bot, eight_am_la)
    assert prompts_to(bot, "UCAI") == 1


def test_a_reminder_due_at_midnight_local_comes_the_evening_before(bot: RunningBot) -> None:
    in_la(bot)
    # meetings at 11:00 London; the reminder is 2 hours before: 09:00 UTC, 01:00 in LA;
    # the nearest allowed time before the meeting is 20:59 LA the evening before (04:59 UTC)
    assert not create_set(bot, time="11:00").errors
    past_the_first_meeting(bot)
    at(bot, datetime(2026, 11, 23, 16, 0, tzinfo=UTC) + WEEK)
    assert prompts_to(bot, "UCAI") == 1
    evening = datetime(2026, 11, 24, 4, 59, tzinfo=UTC) + WEEK
    at(bot, evening - timedelta(minutes=1))
    assert len(bot_dms(bot, "UCAI")) == 1
    at(bot, evening)
    assert bot_dms(bot, "UCAI")[-1].startswith("A reminder:")
    at(bot, MEETING_2)
    assert sum(t.startswith("A reminder:") for t in bot_dms(bot, "UCAI")) == 1
    for user in ("UANA", "UBEN", "UDEE"):  # 09:00 in London: their reminders came on time
        assert sum(t.startswith("A reminder:") for t in bot_dms(bot, user)) == 1, user


def test_a_member_with_no_time_zone_in_slack_keeps_the_sets(bot: RunningBot) -> None:
    """Slack profiles may have no `tz` (or null): quiet hours are then the set's, not UTC's."""
    with bot.standin.lock:
        bot.standin.users["UCAI"].pop("tz", None)
        bot.standin.users["UDEE"]["tz"] = None
    # the set meets at 14:00 in Los Angeles (22:00 UTC): prompts are due at 14:00 LA the day
    # before, which is 22:00 UTC, inside quiet hours if the zone were taken to be UTC
    assert not create_set(bot, timezone=LA, time="14:00").errors
    past_the_first_meeting(bot)
    due = datetime(2026, 11, 23, 22, 0, tzinfo=UTC) + WEEK
    assert {j.due_at for j in jobs(bot, "prompt", number=2)} == {due}
    at(bot, due)
    assert prompts_to(bot, "UCAI") == 1 and prompts_to(bot, "UDEE") == 1
    (reminder,) = jobs(bot, "reminder", "UCAI", number=2)
    assert reminder.status == "pending"
    assert reminder.due_at == datetime(2026, 11, 24, 20, 0, tzinfo=UTC) + WEEK  # 12:00 in LA
