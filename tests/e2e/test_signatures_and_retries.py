"""Requests Slack did not sign, events Slack delivers twice, and Slack failing the bot:
no effect, one reply, and never an HTTP 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.store.tables import LearningSet, Meeting
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    FORM_VALUES,
    control_message,
    create_set,
    ephemeral_texts,
    open_form,
    press,
    rows,
    seen,
)
from tests.slack_standin.driver import Slack
from tests.slack_standin.http_transport import encode
from tests.slack_standin.reply import Reply


def mention(bot: RunningBot, user: str = "UBEN") -> dict[str, Any]:
    """A message mentioning the bot, stored in the channel; the app_mention event for it."""
    posted = bot.standin.store_message(CHANNEL, {"text": "<@UBOT> what is this?"}, user=user)
    return {
        "type": "app_mention",
        "user": user,
        "text": posted["text"],
        "ts": posted["ts"],
        "channel": CHANNEL,
        "event_ts": posted["ts"],
        "team": bot.standin.team_id,
    }


def bot_replies(bot: RunningBot, event: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in bot.standin.thread(CHANNEL, event["ts"]) if m.get("bot_id")]


@pytest.mark.parametrize(
    "bad",
    [{"forge": True}, {"age_seconds": 5 * 60 + 1}, {"age_seconds": -(5 * 60 + 1)}],
    ids=["forged", "five-minutes-old", "five-minutes-ahead"],
)
def test_unsigned_by_slack_gets_401_and_has_no_effect(
    http_bot: RunningBot, bad: dict[str, Any]
) -> None:
    bot = http_bot
    view = open_form(bot)  # a genuine form, open in Ana's Slack
    impostor = Slack(bot.standin, bot.standin.http_transport(bot.url, **bad))

    submitted = impostor.submit("UANA", view["id"], FORM_VALUES)
    event = mention(bot)
    mentioned = impostor.event(event)
    commanded = impostor.command("UANA", CHANNEL, "create")
    bot.slack.executor.wait_idle()  # type: ignore[attr-defined]

    assert [r.status for r in (submitted, mentioned, commanded)] == [401, 401, 401]
    assert rows(bot, LearningSet) == [] and rows(bot, Meeting) == []
    assert bot_replies(bot, event) == []
    assert len(bot.standin.views_opened()) == 1 and bot.standin.is_open(view["id"])
    assert [m for m in bot.standin.messages(CHANNEL) if m.get("bot_id")] == []


def test_a_request_without_signature_headers_gets_401(http_bot: RunningBot) -> None:
    body, ctype = encode("events_api", {"type": "event_callback", "event": {}})
    reply = http_bot.slack.transport.post(body, ctype, sign=False)  # type: ignore[attr-defined]
    assert reply.status == 401


def test_a_four_minute_old_signature_is_still_accepted(http_bot: RunningBot) -> None:
    late = Slack(http_bot.standin, http_bot.standin.http_transport(http_bot.url, age_seconds=240))
    reply = late.command("UANA", CHANNEL, "help")
    assert reply.ok and "`/set create`" in (reply.message or {}).get("text", "")


def test_a_redelivered_mention_is_answered_once(bot: RunningBot) -> None:
    event = mention(bot)
    replies = [
        bot.slack.event(event, event_id="Ev0REDELIVER1"),
        bot.slack.event(event, event_id="Ev0REDELIVER1", retry=1),  # header / retry_attempt
        bot.slack.event(event, event_id="Ev0REDELIVER1", retry=2),
    ]
    assert all(r.ok for r in replies)
    (answer,) = bot_replies(bot, event)
    assert "/set create" in seen(bot, answer)

    other = mention(bot, "UCAI")  # a new mention, a new event id: answered too
    assert bot.slack.event(other).ok
    assert len(bot_replies(bot, other)) == 1 and len(bot_replies(bot, event)) == 1


def run_create(bot: RunningBot) -> Reply:
    return bot.slack.command("UANA", CHANNEL, "create")


def run_mention(bot: RunningBot) -> Reply:
    return bot.slack.event(mention(bot))


def run_start(bot: RunningBot) -> Reply:
    return bot.slack.command("UANA", CHANNEL, "start")


def run_form(bot: RunningBot) -> Reply:
    return bot.slack.submit("UANA", open_form(bot)["id"], FORM_VALUES)


def run_check_in(bot: RunningBot) -> Reply:
    return press(bot, "UBEN", "Here, with an issue")


FAULTS: list[tuple[str, str, Callable[[RunningBot], Reply]]] = [
    # (method Slack fails, what exists first, what the person does)
    ("conversations.info", "nothing", run_create),
    ("users.info", "nothing", run_create),
    ("views.open", "nothing", run_create),
    ("chat.postMessage", "nothing", run_mention),
    ("chat.postMessage", "nothing", run_form),
    ("chat.postMessage", "a set", run_start),
    ("chat.update", "a meeting", run_check_in),
    ("chat.postEphemeral", "a meeting", run_check_in),
]


@pytest.mark.parametrize(
    ("method", "first", "act"), FAULTS, ids=[f"{m}-{a.__name__}" for m, _, a in FAULTS]
)
def test_slack_failing_a_call_never_makes_the_bot_answer_500(
    http_bot: RunningBot, method: str, first: str, act: Callable[[RunningBot], Reply]
) -> None:
    bot = http_bot
    if first != "nothing":
        create_set(bot)
        bot.clock.advance(days=1, hours=1)
    if first == "a meeting":
        run_start(bot)
    bot.standin.fail(method, "fatal_error", times=3)
    reply = act(bot)
    assert reply.status == 200, reply
    text = (reply.message or {}).get("text") or ""
    assert "Traceback" not in text and "fatal_error" not in text
    # the ack is clean, or it tells the person plainly
    assert not text or any(w in text.lower() for w in ("went wrong", "try", "again")), text


def test_a_start_slack_could_not_show_can_be_retried(http_bot: RunningBot) -> None:
    bot = http_bot
    create_set(bot)
    bot.clock.advance(days=1, hours=1)
    bot.standin.fail("chat.postMessage", "fatal_error", times=1)
    first = bot.slack.command("UANA", CHANNEL, "start")
    assert first.status == 200
    told = ephemeral_texts(bot, "UANA")
    assert any("/set start" in t and "again" in t for t in told), told
    again = bot.slack.command("UANA", CHANNEL, "start")
    assert again.ok
    assert "Check-in" in seen(bot, control_message(bot))
    meetings = [m for m in rows(bot, Meeting) if m.phase != "scheduled"]
    assert len(meetings) == 1 and meetings[0].control_ts is not None
    third = bot.slack.command("UANA", CHANNEL, "start")
    assert "already running" in ((third.message or {}).get("text") or "")
