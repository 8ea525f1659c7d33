"""Slack (or a stand-in) answering a little differently must not break the basics."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import create_set, past_the_first_meeting, seen
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)


def test_create_opens_the_form_when_slack_wont_say_who_is_in_the_channel(
    bot: RunningBot,
) -> None:
    bot.standin.fail("conversations.info", "missing_scope", times=5)
    reply = bot.slack.command("UANA", CHANNEL, "create")
    assert reply.ok and not (reply.message or {}).get("text"), reply.message
    assert bot.standin.views_opened("UANA")[-1]["title"]["text"] == "Create a set"


def test_a_dm_without_channel_type_is_still_answered(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    bot.clock.now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    bot.tick()  # meeting 2's prompts go out
    channel = bot.standin.dm_channel("UBEN").id
    bot.slack.event(
        {
            "type": "message",
            "channel": channel,
            "user": "UBEN",
            "text": "I ran the pilot",
            "ts": "1795000000.000100",
            "event_ts": "1795000000.000100",
        }
    )
    last = seen(bot, bot.standin.messages(channel)[-1])
    assert "What happened?" in last
