"""Stand-in answers match Slack's OpenAPI spec (ID patterns aside: test IDs are short)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.slack_standin import SlackStandin

from .conftest import ALICE, OTHER_CHANNEL, SET_CHANNEL

SPEC = Path(
    os.environ.get(
        "SLACK_OPENAPI_SPEC",
        Path(__file__).resolve().parents[3]
        / "shared/slack-api-specs/web-api/slack_web_openapi_v2_without_examples.json",
    )
)
pytestmark = pytest.mark.skipif(not SPEC.exists(), reason=f"no OpenAPI spec at {SPEC}")


@cache
def _spec() -> dict[str, Any]:
    return json.loads(SPEC.read_text())


def _resolve(node: Any, depth: int = 0) -> Any:
    """Inline $refs (cut off deep recursion) and drop ID patterns."""
    if isinstance(node, list):
        return [_resolve(n, depth) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return {} if depth > 8 else _resolve(_spec()["definitions"][name], depth + 1)
    return {
        k: _resolve(v, depth)
        for k, v in node.items()
        if not (k == "pattern" and isinstance(v, str))
    }


def _schema(method: str, status: str) -> dict[str, Any]:
    operation = next(iter(_spec()["paths"][f"/{method}"].values()))
    return _resolve(operation["responses"][status]["schema"])


def _conforms(method: str, body: dict[str, Any]) -> None:
    status = "200" if body["ok"] else "default"
    jsonschema.Draft4Validator(_schema(method, status)).validate(body)


def _error_body(call: Callable[[], Any]) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value.response.data


def test_success_shapes(client: WebClient, workspace: SlackStandin) -> None:
    top = client.chat_postMessage(
        channel=SET_CHANNEL,
        text="Meeting",
        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "Meeting"}}],
    )
    reply = client.chat_postMessage(channel=SET_CHANNEL, text="r", thread_ts=top["ts"])
    answers = {
        "auth.test": client.auth_test(),
        "chat.postMessage": top,
        "chat.postMessage ": reply,
        "chat.postEphemeral": client.chat_postEphemeral(channel=SET_CHANNEL, user=ALICE, text="e"),
        # the spec types chat.update's message.blocks as an object, so update text only here
        "chat.update": client.chat_update(channel=SET_CHANNEL, ts=reply["ts"], text="r2"),
        "conversations.info": client.conversations_info(channel=SET_CHANNEL),
        "conversations.members": client.conversations_members(channel=SET_CHANNEL),
        "conversations.open": client.conversations_open(users=ALICE),
        "users.info": client.users_info(user=ALICE),
        "chat.delete": client.chat_delete(channel=SET_CHANNEL, ts=reply["ts"]),
    }
    for method, answer in answers.items():
        assert isinstance(answer.data, dict)
        _conforms(method.strip(), answer.data)
    conv = client.conversations_info(channel=SET_CHANNEL)["channel"]
    conv_schema = _resolve(_spec()["definitions"]["objs_conversation"]["items"][0])
    jsonschema.Draft4Validator(conv_schema).validate(conv)
    user_schema = _resolve(_spec()["definitions"]["objs_user"]["items"][0])
    jsonschema.Draft4Validator(user_schema).validate(client.users_info(user=ALICE)["user"])


def test_error_shapes(client: WebClient) -> None:
    errors = {
        "chat.postMessage": lambda: client.chat_postMessage(channel=OTHER_CHANNEL, text="x"),
        "chat.update": lambda: client.chat_update(channel=SET_CHANNEL, ts="1.000001", text="x"),
        "chat.delete": lambda: client.chat_delete(channel=SET_CHANNEL, ts="1.000001"),
        "conversations.info": lambda: client.conversations_info(channel="C0NOPE"),
        "users.info": lambda: client.users_info(user="U0NOPE"),
        "auth.test": WebClient(token="xoxb-wrong", base_url=client.base_url).auth_test,
    }
    for method, call in errors.items():
        _conforms(method, _error_body(call))
