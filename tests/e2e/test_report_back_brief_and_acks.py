"""The facilitator's brief names overdue actions; a DM fan-out never holds up Slack's acks."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import control_message, create_set, end_meeting, press, seen, slack_day


def dms(bot: RunningBot, user: str) -> list[str]:
    return [seen(bot, m) for m in bot.standin.messages(bot.standin.dm_channel(user).id)]


def test_the_brief_lists_an_action_past_its_due_date(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    bot.clock.now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    bot.slack.command("UANA", CHANNEL, "start")
    press(bot, "UBEN", "Here, with an issue")
    for _ in range(3):  # check-in → Ben presents → questions → actions (no report-back yet)
        press(bot, "UANA", "Next")
    assert "Issue round: actions" in seen(bot, control_message(bot))
    press(bot, "UBEN", "Add an action")
    view = bot.standin.views_opened("UBEN")[-1]
    bot.slack.submit(
        "UBEN",
        view["id"],
        {
            "action_text": {"value": "Call the supplier"},
            "action_due": {"value": "2026-11-26"},
            "action_expect": {"value": "A better price"},
        },
    )
    end_meeting(bot, how="button")
    bot.clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # an hour before meeting 2
    bot.tick()
    # Ana is a member too: her own prompt and the brief fall due together, in either order.
    briefs = [text for text in dms(bot, "UANA") if "Brief" in text]
    assert len(briefs) == 1
    brief = briefs[0]
    overdue = slack_day("Thu 26 Nov 2026", 1795687200)  # in each reader's own words
    assert f"<@UBEN>: Call the supplier (overdue since {overdue})" in brief
    assert "Want airtime (actions not finished):* <@UBEN>" in brief


def test_a_slow_fan_out_never_holds_up_a_command(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    bot.standin.latency = 0.5  # a slow Slack: every call takes half a second
    bot.clock.now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # meeting 1's welcomes are due
    fan_out = threading.Thread(target=bot.tick)
    fan_out.start()
    bot.standin.wait_until(lambda: bot.standin.calls_to("chat.postMessage"), what="a DM")
    reply = bot.slack.command("UBEN", CHANNEL, "help")
    answered_during_fan_out = fan_out.is_alive()
    fan_out.join(timeout=60)
    bot.standin.latency = 0
    assert reply.ok and "/set status" in (reply.message or {}).get("text", "")
    assert answered_during_fan_out
    for user in ("UANA", "UBEN", "UCAI", "UDEE"):  # welcomes: it's the set's first meeting
        assert sum("Welcome to" in t for t in dms(bot, user)) == 1, user
