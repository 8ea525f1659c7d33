"""File uploads fail in more ways than an API call: the upload URL Slack hands out may answer
an error or hang up. App Home still shows the set's health (without the picture, drawn again
next time) and the export tells the facilitator to try again, instead of going silent."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import DAY_1, bot_dms
from tests.e2e.test_home_facilitator import exports_in_dm, meeting_one_with_follow_through
from tests.e2e.test_home_member import home, open_home


def images(view: dict) -> list[str]:
    return [b["slack_file"]["id"] for b in view["blocks"] if b["type"] == "image"]


@pytest.mark.parametrize("how", ["error", "drop"])
def test_home_shows_set_health_without_a_chart_that_could_not_be_uploaded(
    http_bot: RunningBot, how: str
) -> None:
    bot = http_bot
    bot.standin.break_uploads(how)
    meeting_one_with_follow_through(bot)
    view = open_home(bot, "UANA")
    assert "Sets you facilitate" in home(bot, "UANA")
    assert f"Meeting 1 ({DAY_1}): attendance 100%" in home(bot, "UANA")
    assert images(view) == []

    bot.standin.break_uploads(None)  # Slack takes files again: the next visit has the chart
    (file_id,) = images(open_home(bot, "UANA"))
    assert bot.standin.file_content(file_id).startswith(b"\x89PNG")
    assert bot.standin.violations == []


@pytest.mark.parametrize("how", ["error", "drop"])
def test_an_export_that_could_not_be_uploaded_says_so_and_can_be_retried(
    http_bot: RunningBot, how: str
) -> None:
    bot = http_bot
    meeting_one_with_follow_through(bot)
    bot.standin.break_uploads(how)
    reply = bot.slack.command("UANA", CHANNEL, "export")
    assert "Preparing the export" in (reply.message or {}).get("text", "")
    assert "wouldn't take the export files" in bot_dms(bot, "UANA")[-1]
    assert exports_in_dm(bot, "UANA") == []

    bot.standin.break_uploads(None)
    assert bot.slack.command("UANA", CHANNEL, "export").ok
    assert exports_in_dm(bot, "UANA") == [
        "leaders-set-export.csv",
        "leaders-set-summary.md",
        "leaders-set-trend.png",
    ]
    assert bot.standin.violations == []


def test_a_chart_slack_refuses_to_show_is_not_offered_or_uploaded_again(
    http_bot: RunningBot,
) -> None:
    """The picture goes to the facilitator's DM so that their Home may show it. If Slack
    still refuses it, Home is published without it, once, and it isn't sent again until
    the trend changes."""
    bot = http_bot
    meeting_one_with_follow_through(bot)
    (file_id,) = images(open_home(bot, "UANA"))
    chart = bot.standin.file(file_id)
    assert chart is not None and chart.channels == [bot.standin.dm_channel("UANA").id]
    uploads = len(bot.standin.files(pending=True))

    with bot.standin.lock:
        bot.standin.file_store[file_id].shares.clear()  # as if Slack no longer let Ana see it
    publishes = len(bot.standin.calls_to("views.publish"))
    view = open_home(bot, "UANA")
    assert images(view) == [] and f"Meeting 1 ({DAY_1})" in home(bot, "UANA")
    assert len(bot.standin.calls_to("views.publish")) == publishes + 2  # refused, then shown
    bot.standin.violations.clear()  # the refusal was the point

    publishes = len(bot.standin.calls_to("views.publish"))
    assert images(open_home(bot, "UANA")) == []
    assert len(bot.standin.calls_to("views.publish")) == publishes + 1
    assert len(bot.standin.files(pending=True)) == uploads
