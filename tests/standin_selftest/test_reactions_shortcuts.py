"""Reactions (people's and the bot's) and message shortcuts, over both transports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.slack_standin import Slack, SlackStandin

from .apps import MODES, new_app, running
from .conftest import ALICE, BOB, SET_CHANNEL

REPORT_VIEW = {
    "type": "modal",
    "callback_id": "report",
    "title": {"type": "plain_text", "text": "Save as report"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Saved"}}],
}


@pytest.fixture
def seen() -> list[dict[str, Any]]:
    return []


@pytest.fixture(params=MODES)
def slack(
    request: pytest.FixtureRequest, workspace: SlackStandin, seen: list[dict[str, Any]]
) -> Iterator[Slack]:
    app = new_app(workspace)

    @app.event("reaction_added")
    def added(event, client) -> None:
        seen.append(event)
        if event["reaction"] == "eyes":
            item = event["item"]
            client.reactions_add(
                channel=item["channel"], timestamp=item["ts"], name="white_check_mark"
            )

    @app.event("reaction_removed")
    def removed(event) -> None:
        seen.append(event)

    @app.shortcut("save_report")
    def save_report(ack, body, respond, client) -> None:
        ack()
        seen.append(body)
        client.views_open(trigger_id=body["trigger_id"], view=REPORT_VIEW)
        respond(f"Saved: {body['message']['text']}")

    @app.shortcut("new_set")
    def new_set(ack, body) -> None:
        ack()
        seen.append(body)

    with running(app, workspace, request.param) as driver:
        yield driver


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value.response["error"]


def test_react_and_unreact(
    slack: Slack, workspace: SlackStandin, client: WebClient, seen: list[dict[str, Any]]
) -> None:
    ts = client.chat_postMessage(channel=SET_CHANNEL, text="Meeting 1 notes")["ts"]
    assert slack.react(ALICE, SET_CHANNEL, ts, "star").ok
    assert slack.react(BOB, SET_CHANNEL, ts).ok
    event = workspace.wait_until(lambda: len(seen) == 2 and seen[0], what="reaction_added")
    assert {k: v for k, v in event.items() if k != "event_ts"} == {
        "type": "reaction_added",
        "user": ALICE,
        "reaction": "star",
        "item": {"type": "message", "channel": SET_CHANNEL, "ts": ts},
        "item_user": "UBOT",
    }
    msg = workspace.message(SET_CHANNEL, ts) or {}
    assert msg["reactions"] == [{"name": "star", "users": [ALICE, BOB], "count": 2}]
    assert slack.unreact(ALICE, SET_CHANNEL, ts, "star").ok
    removed = workspace.wait_until(lambda: len(seen) == 3 and seen[2], what="reaction_removed")
    assert (removed["type"], removed["user"], removed["item"]["ts"]) == (
        "reaction_removed",
        ALICE,
        ts,
    )
    assert workspace.reactions(SET_CHANNEL, ts) == {"star": [BOB]}
    with pytest.raises(ValueError, match="already_reacted"):
        slack.react(BOB, SET_CHANNEL, ts, "star")
    with pytest.raises(ValueError, match="no_reaction"):
        slack.unreact(ALICE, SET_CHANNEL, ts, "star")


def test_reacting_to_a_persons_message(slack: Slack, workspace: SlackStandin, seen: list) -> None:
    """item_user is the author; the bot answers :eyes: with reactions.add."""
    posted = workspace.store_message(SET_CHANNEL, {"text": "My report"}, user=BOB)
    slack.react(ALICE, SET_CHANNEL, posted["ts"], "eyes")
    workspace.wait_until(
        lambda: "white_check_mark" in workspace.reactions(SET_CHANNEL, posted["ts"]),
        what="bot's reaction",
    )
    assert seen[0]["item_user"] == BOB
    assert workspace.reactions(SET_CHANNEL, posted["ts"]) == {
        "eyes": [ALICE],
        "white_check_mark": ["UBOT"],
    }


def test_reactions_web_api(client: WebClient, workspace: SlackStandin) -> None:
    ts = client.chat_postMessage(channel=SET_CHANNEL, text="hello")["ts"]
    client.reactions_add(channel=SET_CHANNEL, timestamp=ts, name="wave")
    got = client.reactions_get(channel=SET_CHANNEL, timestamp=ts)
    assert (got["type"], got["channel"]) == ("message", SET_CHANNEL)
    assert got["message"]["reactions"] == [{"name": "wave", "users": ["UBOT"], "count": 1}]
    add = client.reactions_add
    assert _error(lambda: add(channel=SET_CHANNEL, timestamp=ts, name="wave")) == "already_reacted"
    assert _error(lambda: add(channel=SET_CHANNEL, timestamp=ts, name=":wave:")) == "invalid_name"
    assert _error(lambda: add(channel=SET_CHANNEL, timestamp="1.000001", name="x")) == (
        "message_not_found"
    )
    client.reactions_remove(channel=SET_CHANNEL, timestamp=ts, name="wave")
    assert "reactions" not in (workspace.message(SET_CHANNEL, ts) or {})
    remove = client.reactions_remove
    assert _error(lambda: remove(channel=SET_CHANNEL, timestamp=ts, name="wave")) == "no_reaction"
    assert _error(lambda: client.reactions_get(channel=SET_CHANNEL)) == "no_item_specified"


def test_message_shortcut(
    slack: Slack, workspace: SlackStandin, client: WebClient, seen: list[dict[str, Any]]
) -> None:
    top = client.chat_postMessage(channel=SET_CHANNEL, text="Meeting 1")["ts"]
    reply = workspace.store_message(SET_CHANNEL, {"text": "Ana: done"}, user=ALICE, thread_ts=top)
    assert slack.message_shortcut(BOB, SET_CHANNEL, reply["ts"], "save_report").ok
    body = workspace.wait_until(lambda: seen and seen[0], what="shortcut")
    assert body["type"] == "message_action" and body["callback_id"] == "save_report"
    assert body["message_ts"] == reply["ts"] and body["trigger_id"]
    assert body["channel"] == {"id": SET_CHANNEL, "name": "set-one"}
    assert body["user"]["id"] == BOB and body["team"]["id"] == workspace.team_id
    message = body["message"]
    assert (message["type"], message["user"], message["text"]) == ("message", ALICE, "Ana: done")
    assert (message["ts"], message["thread_ts"]) == (reply["ts"], top)
    assert body["response_url"].startswith(workspace.base_url)
    view = workspace.wait_until(lambda: workspace.views_opened(BOB), what="modal")[0]
    assert view["callback_id"] == "report"
    (eph,) = workspace.wait_until(lambda: workspace.ephemerals(BOB), what="respond()")
    assert (eph["text"], eph["channel"], eph["via"]) == (
        "Saved: Ana: done",
        SET_CHANNEL,
        "response_url",
    )
    with pytest.raises(LookupError):
        slack.message_shortcut(BOB, SET_CHANNEL, "1.000001", "save_report")


def test_global_shortcut(slack: Slack, workspace: SlackStandin, seen: list[dict[str, Any]]) -> None:
    assert slack.global_shortcut(ALICE, "new_set").ok
    body = workspace.wait_until(lambda: seen and seen[0], what="shortcut")
    assert (body["type"], body["callback_id"], body["user"]["id"]) == ("shortcut", "new_set", ALICE)
    assert body["trigger_id"] and "response_url" not in body
