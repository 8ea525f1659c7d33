"""App Home during a meeting, in both transports: a banner names the meeting that is on
now and links (chat.getPermalink) to its control message; it goes once the meeting ends,
and when Slack gives no link the banner still names the channel."""

from __future__ import annotations

from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import control_message, end_meeting, seen, start_meeting

HERE = {"UANA": "Here, no issue", "UBEN": "Here, with an issue", "UCAI": "Here, no issue"}


def banner(bot: RunningBot, user: str) -> str:
    assert bot.slack.open_home(user).ok
    view = bot.standin.home(user)
    assert view is not None
    return next((b["text"]["text"] for b in view["blocks"] if "is on now" in str(b)), "")


def test_a_running_meeting_links_to_its_controls_from_home(bot: RunningBot) -> None:
    start_meeting(bot, HERE)
    control = control_message(bot)
    link = f"https://standin.slack.com/archives/{CHANNEL}/p{control['ts'].replace('.', '')}"

    member = banner(bot, "UBEN")
    assert "meeting 2 is on now in" in member and f"<#{CHANNEL}>" in member
    assert f"<{link}|Go to the meeting>" in member
    facilitator = banner(bot, "UANA")
    assert f"<{link}|Open the controls>" in facilitator
    asked = bot.standin.calls_to("chat.getPermalink", ok_only=True)
    assert asked and all(c.args["message_ts"] == control["ts"] for c in asked)

    end_meeting(bot)
    assert "Summary" in seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert banner(bot, "UBEN") == ""


def test_without_a_permalink_the_banner_still_names_the_channel(bot: RunningBot) -> None:
    start_meeting(bot, HERE)
    bot.standin.fail("chat.getPermalink", "message_not_found", times=5)
    shown = banner(bot, "UCAI")
    assert f"meeting 2 is on now in <#{CHANNEL}>" in shown and "https://" not in shown
    assert "Go to the meeting" not in shown
