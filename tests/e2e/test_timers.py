"""Turn timers: "one minute left" and "time is up", each once, in the turn's thread; paused
clocks stay quiet; a restart loses nothing. Time is injected; `tick` is the scheduler waking."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store.tables import DueJob, Turn
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot, running_bot
from tests.e2e.steps import (
    control_message,
    create_set,
    past_the_first_meeting,
    press,
    rows,
    seen,
    turn_roots,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)
from tests.slack_standin.server import SlackStandin

PRESENT = {
    "UANA": "Here, no issue",
    "UBEN": "Here, with an issue",
    "UCAI": "Here, no issue",
    "UDEE": "Here, no issue",
}
WARN, OVER = "One minute left", "Time is up"


def into_first_report_back(bot: RunningBot) -> tuple[str, int]:
    """A 30-minute meeting moved into Ana's report-back turn: its thread and its minutes.
    It is the set's second meeting (the first has no report-back round)."""
    assert not create_set(bot, meeting_minutes="30").errors
    past_the_first_meeting(bot)
    bot.clock.advance(hours=1)
    assert bot.slack.command("UANA", CHANNEL, "start").ok
    bot.tick()
    for user, button in PRESENT.items():
        assert press(bot, user, button).ok
    assert press(bot, "UANA", "Next").ok
    (turn,) = turn_roots(bot)
    assert "<@UANA>" in seen(bot, turn)
    match = re.search(r"⏱ (\d+) min left", seen(bot, control_message(bot)))
    assert match, seen(bot, control_message(bot))
    return turn["thread_ts"], int(match.group(1))


def timer_jobs_left(bot: RunningBot) -> list[str]:
    """The meeting's timer rows still waiting, by kind."""
    return sorted(
        j.kind for j in rows(bot, DueJob) if j.kind.startswith("timer") and j.status == "pending"
    )


def notices(bot: RunningBot, thread_ts: str, who: str = "UANA") -> list[str]:
    """Timer notices for `who`'s turn in the round's thread, oldest first."""
    texts = [seen(bot, m) for m in bot.standin.thread(CHANNEL, thread_ts)]
    return [t for t in texts if (WARN in t or OVER in t) and f"<@{who}>" in t]


def test_one_minute_left_and_time_is_up_are_each_posted_once(bot: RunningBot) -> None:
    thread, minutes = into_first_report_back(bot)
    assert minutes >= 2

    bot.clock.advance(minutes=minutes - 1, seconds=-1)
    bot.tick()
    assert notices(bot, thread) == []

    bot.clock.advance(seconds=1)
    bot.tick()
    (warning,) = notices(bot, thread)
    assert warning.startswith("⏳ One minute left for <@UANA>'s turn")
    bot.tick()  # again: nothing new to say (only the control message refreshes)
    assert len(notices(bot, thread)) == 1

    bot.clock.advance(minutes=1, seconds=1)
    bot.tick()
    assert len(notices(bot, thread)) == 2 and OVER in notices(bot, thread)[1]
    assert "<@UANA>" in notices(bot, thread)[1]
    assert "time is up" in seen(bot, control_message(bot))

    bot.clock.advance(minutes=30)
    bot.tick()
    assert timer_jobs_left(bot) == []  # time is up: no notice and no countdown left
    assert len(notices(bot, thread)) == 2
    top_level = [seen(bot, m) for m in bot.standin.messages(CHANNEL)]
    assert not any(WARN in t or OVER in t for t in top_level)  # only in the turn's thread


def test_the_next_turn_gets_its_own_notices_and_the_old_ones_are_dropped(
    bot: RunningBot,
) -> None:
    thread, minutes = into_first_report_back(bot)
    bot.clock.advance(minutes=minutes - 1)
    assert press(bot, "UANA", "Next").ok  # Ben's turn begins just as Ana's warning falls due
    bot.tick()
    assert notices(bot, thread) == []
    ben = turn_roots(bot)[-1]
    assert "<@UBEN>" in seen(bot, ben) and ben["thread_ts"] == thread  # the round's thread
    bot.clock.advance(minutes=minutes - 1)
    bot.tick()
    assert [WARN in t for t in notices(bot, thread, "UBEN")] == [True]
    assert notices(bot, thread) == []


def test_pause_silences_the_timers_and_resume_rearms_them(bot: RunningBot) -> None:
    thread, minutes = into_first_report_back(bot)
    assert press(bot, "UANA", "Pause").ok
    bot.clock.advance(minutes=minutes + 5)
    assert bot.tick() == 0
    assert notices(bot, thread) == []

    assert press(bot, "UANA", "Resume").ok  # the paused time is not counted
    assert f"⏱ {minutes} min left" in seen(bot, control_message(bot))
    bot.clock.advance(minutes=minutes - 1)
    bot.tick()
    assert [WARN in t for t in notices(bot, thread)] == [True]
    bot.clock.advance(minutes=1)
    bot.tick()
    assert [OVER in t for t in notices(bot, thread)] == [False, True]


@pytest.mark.parametrize("mode", ["http", "socket"])
def test_a_restart_loses_no_due_notice(workspace: SlackStandin, tmp_path: Path, mode: str) -> None:
    url = f"sqlite:///{tmp_path / 'setbot.db'}"
    with running_bot(workspace, mode, url) as bot:
        thread, minutes = into_first_report_back(bot)
        turn_started = bot.clock.now
    # the bot is down while the warning falls due; it comes back 30 seconds later
    later = turn_started + timedelta(minutes=minutes - 1, seconds=30)
    with running_bot(workspace, mode, url, now=later) as bot:
        bot.tick()  # the warning, late but not lost (and the minute refresh)
        (warning,) = notices(bot, thread)
        assert WARN in warning and "<@UANA>" in warning
        bot.tick()
        bot.clock.advance(minutes=1)
        bot.tick()
        assert [OVER in t for t in notices(bot, thread)] == [False, True]
        bot.tick()
        assert len(notices(bot, thread)) == 2
        assert [t.user_id for t in rows(bot, Turn)] == ["UANA"]


def minutes_left(bot: RunningBot) -> int:
    match = re.search(r"⏱ (\d+) min left", seen(bot, control_message(bot)))
    assert match, seen(bot, control_message(bot))
    return int(match.group(1))


def test_the_control_message_counts_down_each_minute_and_stops_when_paused(
    bot: RunningBot,
) -> None:
    _, minutes = into_first_report_back(bot)
    bot.clock.advance(minutes=1)
    bot.tick()
    assert minutes_left(bot) == minutes - 1  # no one pressed anything
    assert press(bot, "UANA", "Pause").ok
    updates = len(bot.standin.calls_to("chat.update"))
    bot.clock.advance(minutes=5)
    assert bot.tick() == 0  # paused: no refresh booked
    assert len(bot.standin.calls_to("chat.update")) == updates
    assert timer_jobs_left(bot) == []


def test_a_refresh_during_a_429_storm_is_skipped_not_queued_up(bot: RunningBot) -> None:
    into_first_report_back(bot)
    bot.standin.rate_limit("chat.update", times=3, retry_after=1)
    bot.clock.advance(minutes=1)
    bot.tick()  # Slack answers 429: this minute's refresh is skipped
    assert timer_jobs_left(bot).count("timer_tick") <= 1  # the next one, not a queue
    bot.clock.advance(minutes=5)  # the bot was held back: the refresh booked comes late
    bot.tick()
    assert timer_jobs_left(bot).count("timer_tick") <= 1  # still one at most


def test_the_countdown_stops_once_the_time_is_up(bot: RunningBot) -> None:
    _, minutes = into_first_report_back(bot)
    bot.clock.advance(minutes=minutes + 1)
    bot.tick()  # "time is up": the turn's own notice and the last refresh
    bot.clock.advance(minutes=1)
    bot.tick()
    assert "timer_tick" not in timer_jobs_left(bot)  # nothing left to count down
    assert "time is up" in seen(bot, control_message(bot))
