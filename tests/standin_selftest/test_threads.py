"""People posting in threads (message events), and ephemerals shown inside threads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient

from tests.slack_standin import Slack, SlackStandin

from .apps import MODES, new_app, running
from .conftest import ALICE, BOB, SET_CHANNEL

PRIVATE = "G0PRIVATE"


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return []


@pytest.fixture(params=MODES)
def slack(
    request: pytest.FixtureRequest, workspace: SlackStandin, events: list[dict[str, Any]]
) -> Iterator[Slack]:
    workspace.add_channel(PRIVATE, "private-set", private=True, members=[ALICE, BOB])
    app = new_app(workspace)

    @app.event("message")
    def on_message(event, client) -> None:
        events.append(event)
        if event.get("thread_ts"):
            client.chat_postEphemeral(
                channel=event["channel"],
                user=event["user"],
                thread_ts=event["thread_ts"],
                text="Noted (only you see this)",
            )

    with running(app, workspace, request.param) as driver:
        yield driver


def test_thread_reply_event_and_ephemeral_in_thread(
    slack: Slack, workspace: SlackStandin, client: WebClient, events: list[dict[str, Any]]
) -> None:
    top = client.chat_postMessage(channel=SET_CHANNEL, text="Report back here")["ts"]
    assert slack.say(ALICE, SET_CHANNEL, "Done my action", thread_ts=top).ok
    (eph,) = workspace.wait_until(lambda: workspace.ephemerals(ALICE), what="ephemeral")
    event = events[0]
    assert (event["type"], event["channel"], event["user"]) == ("message", SET_CHANNEL, ALICE)
    assert (event["thread_ts"], event["parent_user_id"], event["channel_type"]) == (
        top,
        "UBOT",
        "channel",
    )
    (reply,) = workspace.thread(SET_CHANNEL, top)
    assert (reply["ts"], reply["thread_ts"], reply["text"]) == (event["ts"], top, "Done my action")
    assert (eph["thread_ts"], eph["channel"], eph["via"]) == (top, SET_CHANNEL, "api")
    assert workspace.ephemerals(ALICE, SET_CHANNEL, thread_ts=top) == [eph]
    assert workspace.ephemerals(ALICE, thread_ts="1.000001") == []
    assert workspace.calls_to("chat.postEphemeral")[0].args["thread_ts"] == top


def test_private_channel_messages_say_group(
    slack: Slack, workspace: SlackStandin, events: list[dict[str, Any]]
) -> None:
    slack.say(BOB, PRIVATE, "Top level")
    workspace.wait_until(lambda: events, what="message event")
    assert events[0]["channel_type"] == "group" and "thread_ts" not in events[0]
    parent = workspace.messages(PRIVATE)[0]["ts"]
    slack.say(ALICE, PRIVATE, "In the thread", thread_ts=parent)
    workspace.wait_until(lambda: workspace.ephemerals(ALICE, PRIVATE, thread_ts=parent))
    assert events[1]["channel_type"] == "group" and events[1]["parent_user_id"] == BOB
    with pytest.raises(LookupError):
        slack.say(ALICE, PRIVATE, "reply to nothing", thread_ts="1.000001")
