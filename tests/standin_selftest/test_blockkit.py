"""Block Kit limits are enforced on messages and views; text_of/find_button read them."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.slack_standin import SlackStandin, find_button, text_of

from .conftest import ALICE, SET_CHANNEL


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def _section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def _button(text: str, action_id: str = "go", value: str = "1") -> dict[str, Any]:
    return {"type": "button", "text": _plain(text), "action_id": action_id, "value": value}


def _select(n: int) -> dict[str, Any]:
    options = [{"text": _plain(f"Option {i}"), "value": str(i)} for i in range(n)]
    return {"type": "static_select", "action_id": "pick", "options": options}


BAD_BLOCKS = {
    "51 blocks": [_section("x")] * 51,
    "long section": [_section("x" * 3001)],
    "11 fields": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
    "long field": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
    "long header": [{"type": "header", "text": _plain("h" * 151)}],
    "mrkdwn header": [{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}],
    "duplicate block_id": [_section("a", block_id="b1"), _section("b", block_id="b1")],
    "long block_id": [_section("a", block_id="b" * 256)],
    "26 elements": [{"type": "actions", "elements": [_button("b", f"a{i}") for i in range(26)]}],
    "11 context elements": [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}
    ],
    "long button text": [{"type": "actions", "elements": [_button("b" * 76)]}],
    "long action_id": [{"type": "actions", "elements": [_button("b", "a" * 256)]}],
    "long button value": [{"type": "actions", "elements": [_button("b", "go", "v" * 2001)]}],
    "101 options": [_section("pick", accessory=_select(101))],
    "unknown block type": [{"type": "sektion", "text": _plain("typo")}],
    "long option text": [
        _section(
            "pick",
            accessory={
                "type": "static_select",
                "action_id": "p",
                "options": [{"text": _plain("o" * 76), "value": "1"}],
            },
        )
    ],
}


@pytest.mark.parametrize("blocks", BAD_BLOCKS.values(), ids=BAD_BLOCKS.keys())
def test_bad_message_blocks_are_refused(
    client: WebClient,
    workspace: SlackStandin,
    blocks: list[dict[str, Any]],
) -> None:
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=SET_CHANNEL, text="fallback", blocks=blocks)
    assert info.value.response["error"] == "invalid_blocks"
    assert workspace.violations and workspace.messages(SET_CHANNEL) == []
    workspace.violations.clear()


def test_overlong_text_and_updates_are_checked(client: WebClient, workspace: SlackStandin) -> None:
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=SET_CHANNEL, text="x" * 40001)
    assert info.value.response["error"] == "msg_too_long"
    ts = client.chat_postMessage(channel=SET_CHANNEL, text="ok")["ts"]
    with pytest.raises(SlackApiError):
        client.chat_update(channel=SET_CHANNEL, ts=ts, text="x", blocks=BAD_BLOCKS["long header"])
    with pytest.raises(SlackApiError):
        client.chat_postEphemeral(
            channel=SET_CHANNEL, user=ALICE, text="x", blocks=BAD_BLOCKS["long section"]
        )
    assert len(workspace.violations) == 3
    workspace.violations.clear()


def _modal(**overrides: Any) -> dict[str, Any]:
    view = {
        "type": "modal",
        "title": _plain("Create a set"),
        "submit": _plain("Create"),
        "blocks": [
            {
                "type": "input",
                "block_id": "name",
                "label": _plain("Name"),
                "element": {"type": "plain_text_input", "action_id": "value"},
            }
        ],
    }
    return {**view, **overrides}


BAD_VIEWS = {
    "long title": _modal(title=_plain("t" * 25)),
    "long submit": _modal(submit=_plain("s" * 25)),
    "no submit with inputs": {k: v for k, v in _modal().items() if k != "submit"},
    "101 blocks": _modal(blocks=[_section("x")] * 101),
    "long private_metadata": _modal(private_metadata="m" * 3001),
    "long callback_id": _modal(callback_id="c" * 256),
    "long label": _modal(
        blocks=[
            {"type": "input", "label": _plain("l" * 2001), "element": {"type": "plain_text_input"}}
        ]
    ),
    "max_length over 3000": _modal(
        blocks=[
            {
                "type": "input",
                "label": _plain("l"),
                "element": {"type": "plain_text_input", "max_length": 3001},
            }
        ]
    ),
}


@pytest.mark.parametrize("view", BAD_VIEWS.values(), ids=BAD_VIEWS.keys())
def test_bad_views_are_refused(
    client: WebClient,
    workspace: SlackStandin,
    view: dict[str, Any],
) -> None:
    with pytest.raises(SlackApiError) as info:
        client.views_open(trigger_id=workspace.issue_trigger(ALICE), view=view)
    assert info.value.response["error"] == "invalid_blocks"
    assert workspace.violations and workspace.views_opened() == []
    workspace.violations.clear()


def test_a_good_modal_and_home_pass(client: WebClient, workspace: SlackStandin) -> None:
    client.views_open(trigger_id=workspace.issue_trigger(ALICE), view=_modal())
    client.views_publish(user_id=ALICE, view={"type": "home", "blocks": [_section("Home")]})
    assert workspace.violations == []


def test_text_of_flattens_what_people_see() -> None:
    msg = {
        "text": "fallback",
        "blocks": [
            {"type": "header", "text": _plain("Meeting 3")},
            _section("Presenter: <@U0ALICE>", accessory=_select(3)),
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": "*Time left*"},
                    {"type": "plain_text", "text": "12 min"},
                ],
            },
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Ground rules apply"}]},
            {"type": "actions", "elements": [_button("Next turn"), _button("Pause", "pause")]},
            {
                "type": "rich_text",
                "elements": [
                    {
                        "type": "rich_text_section",
                        "elements": [
                            {"type": "text", "text": "Well done "},
                            {"type": "user", "user_id": "U0BOB"},
                        ],
                    }
                ],
            },
        ],
    }
    text = text_of(msg)
    for seen in (
        "fallback",
        "Meeting 3",
        "Presenter",
        "Time left",
        "12 min",
        "Ground rules",
        "Next turn",
        "Pause",
        "Well done",
        "<@U0BOB>",
    ):
        assert seen in text
    assert "Option 1" not in text  # menu options are hidden until the menu opens
    assert "Create" in text_of(_modal()) and "Create a set" in text_of(_modal())


def test_find_button() -> None:
    msg = {
        "blocks": [
            _section("x", block_id="s", accessory=_button("Mark done", "done", "a1")),
            {"type": "actions", "block_id": "ctl", "elements": [_button("Next turn", "next", "n")]},
        ]
    }
    assert find_button(msg, "Next turn") == {**_button("Next turn", "next", "n"), "block_id": "ctl"}
    assert find_button(msg, "mark done")["value"] == "a1"
    with pytest.raises(LookupError, match="Next turn"):
        find_button(msg, "Skip")
