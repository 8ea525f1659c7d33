"""`<!here>` typed into every field that Setbot shows back: the set's name and theme, the
report-back answers, an action, a reflection and the words after `/set`; through the
welcomes, reminders, the brief and its cancellation, and the set's close. Wherever it comes
back (channel posts and updates, DMs, ephemerals, response_url answers, App Home, modals,
file comments), Slack would read it as text, never as a mention that pings the channel."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    MEETING_2,
    PROMPT_1,
    PROMPT_2,
    REMINDER_2,
    WEEK,
    at,
    create_set,
    past_the_first_meeting,
    seen,
)
from tests.e2e.test_home_member import answer_in_dm, run_meeting_one
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

HERE = "<!here>"
SHOWN = ("chat.postMessage", "chat.update", "chat.postEphemeral", "files.completeUploadExternal")
VIEWS = ("views.open", "views.update", "views.push", "views.publish")


def _loaded(value: Any) -> Any:
    """Form-encoded calls carry blocks and views as JSON strings."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _mrkdwn(node: Any, out: list[str]) -> None:
    """Every text Slack parses for mentions: mrkdwn objects, and the blocks' section fields."""
    node = _loaded(node)
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            out.append(node["text"])
        for value in node.values():
            _mrkdwn(value, out)
    elif isinstance(node, list):
        for item in node:
            _mrkdwn(item, out)


def parsed_texts(bot: RunningBot) -> list[str]:
    """What the bot sent that Slack reads as mrkdwn (plain_text and input values aren't)."""
    out: list[str] = []
    for call in bot.standin.calls:
        if call.method in SHOWN:
            for key in ("text", "initial_comment"):
                if isinstance(call.args.get(key), str):
                    out.append(call.args[key])
            _mrkdwn(call.args.get("blocks"), out)
        elif call.method in VIEWS:
            _mrkdwn(call.args.get("view"), out)
    for response in bot.standin.responses:
        if isinstance(response.body.get("text"), str):
            out.append(response.body["text"])
        _mrkdwn(response.body.get("blocks"), out)
    return out


def test_here_typed_anywhere_is_shown_back_as_text(bot: RunningBot) -> None:
    created = create_set(bot, name=f"{HERE} Leaders", theme=f"Change {HERE} now")
    assert created.ok and not created.errors, created.message
    at(bot, PROMPT_1)  # the welcomes
    past_the_first_meeting(bot)
    at(bot, PROMPT_2)
    answer_in_dm(bot, "UBEN", learned=f"Listening {HERE} first")
    at(bot, REMINDER_2)  # the others' reminders
    at(bot, MEETING_2 - timedelta(hours=1))  # the facilitator's brief
    run_meeting_one(
        bot, actions=(f"Pilot {HERE} the rota",), reflection=f"Ask {HERE}", when=MEETING_2
    )
    at(bot, MEETING_2 + timedelta(days=6))  # the next report-back prompt names the action
    for user, text in [
        ("UANA", "status"),
        ("UANA", "schedule"),
        ("UANA", "rules"),
        ("UANA", "export"),
        ("UBEN", f"frobnicate {HERE}"),
        ("UBEN", f"away {HERE}"),
        ("UANA", f"reschedule {HERE}"),
        ("UANA", f"pass {HERE}"),
        ("UANA", f"time {HERE}"),
        ("UBEN", HERE),
    ]:
        assert bot.slack.command(user, CHANNEL, text).ok
    for user in ("UANA", "UBEN"):
        assert bot.slack.open_home(user).ok
    at(bot, MEETING_2 + WEEK - timedelta(hours=1))  # meeting 3's brief, then it is cancelled
    assert bot.slack.command("UANA", CHANNEL, "cancel").ok
    assert bot.slack.command("UANA", CHANNEL, "close").ok
    bot.standin.wait_until(
        lambda: any("has closed" in seen(bot, m) for m in bot.standin.messages(CHANNEL)),
        what="the closed set's summary",
    )
    bot.standin.wait_until(
        lambda: bot.standin.calls_to("files.completeUploadExternal"), what="the export's files"
    )

    texts = parsed_texts(bot)
    joined = "\n".join(texts)
    for said in ("Welcome to", "isn't in yet", "Brief for", ": cancelled", "has closed"):
        assert any(said in t and "&lt;!here&gt; Leaders" in t for t in texts), said
    for planted in ("Leaders", "Change", "Listening", "Pilot", "Ask"):
        assert f"&lt;!here&gt; {planted}" in joined or f"{planted} &lt;!here&gt;" in joined, planted
    raw = sorted({t for t in texts if HERE in t})
    assert not raw, "\n---\n".join(raw)
