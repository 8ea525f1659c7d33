"""Steps a test takes as people in Slack: create a set, find the control message, click."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import RunningBot
from tests.slack_standin.reply import Reply

FORM_VALUES = {
    "name": {"value": "Leaders' set 🌱"},
    "theme": {"value": "Leading through change"},
    "members": {"value": list(MEMBERS)},
    "facilitator": {"value": "UANA"},
    "cadence": {"value": "weekly"},
    "weekday": {"value": "1"},
    "time": {"value": "10:00"},
    "timezone": {"value": "Europe/London"},
    "first_date": {"value": "2026-11-24"},
    "meeting_minutes": {"value": "90"},
    "meeting_count": {"value": "6"},
    "lead_hours": {"value": "24"},
}


def open_form(bot: RunningBot, user: str = "UANA", text: str = "create") -> dict[str, Any]:
    reply = bot.slack.command(user, CHANNEL, text)
    assert reply.ok, reply
    views = bot.standin.views_opened(user)
    assert views, f"no modal opened; ack was {reply.message}"
    return views[-1]


def create_set(bot: RunningBot, **overrides: Any) -> Reply:
    view = open_form(bot)
    values = {**FORM_VALUES, **{k: {"value": v} for k, v in overrides.items()}}
    return bot.slack.submit("UANA", view["id"], values)


def control_message(bot: RunningBot) -> dict[str, Any]:
    """The live control message: the channel message that has a Next button."""
    for message in reversed(bot.standin.messages(CHANNEL)):
        try:
            bot.standin.find_button(message, "Next")
        except LookupError:
            continue
        return message
    raise AssertionError("no control message in the channel")


def press(bot: RunningBot, user: str, button: str) -> Reply:
    message = control_message(bot)
    return bot.slack.click(user, CHANNEL, message["ts"], button_text=button)


def seen(bot: RunningBot, message: dict[str, Any] | None) -> str:
    return bot.standin.text_of(message) if message else ""
