"""File uploads fail in more ways than an API call: the upload URL Slack hands out may answer
an error or hang up. App Home still shows the set's health (without the picture, drawn again
next time) and the export tells the facilitator to try again, instead of going silent."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import bot_dms
from tests.e2e.test_home_facilitator import files_in_dm, meeting_one_with_follow_through
from tests.e2e.test_home_member import home, open_home


def images(view: dict) -> list[str]:
    return [b["slack_file"]["id"] for b in view["blocks"] if b["type"] == "image"]


@pytest.mark.parametrize("how", ["error", "drop"])
def test_home_shows_set_health_without_a_chart_that_could_not_be_uploaded(
    http_bot: RunningBot, how: str
) -> None:
    bot = http_bot
    meeting_one_with_follow_through(bot)
    bot.standin.break_uploads(how)
    view = open_home(bot, "UANA")
    assert "Sets you facilitate" in home(bot, "UANA")
    assert "Meeting 1 (24 Nov): attendance 100%" in home(bot, "UANA")
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
    assert [f for f in files_in_dm(bot, "UANA") if f.completed] == []

    bot.standin.break_uploads(None)
    assert bot.slack.command("UANA", CHANNEL, "export").ok
    names = sorted(f.name.rsplit("-", 1)[-1] for f in files_in_dm(bot, "UANA"))
    assert names == ["export.csv", "summary.md", "trend.png"]
    assert bot.standin.violations == []
