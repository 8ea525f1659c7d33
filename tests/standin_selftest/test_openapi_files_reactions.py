"""files.info and reactions.* answers match Slack's OpenAPI spec.

The spec has no files.getUploadURLExternal / files.completeUploadExternal, and its file object
declares shares.public / shares.private with no properties at all, so no real share validates:
shares are taken out before a shared file is checked.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from slack_sdk import WebClient

from tests.slack_standin import SlackStandin

from .conftest import SET_CHANNEL
from .test_openapi_shapes import SPEC, _conforms, _error_body, _resolve, _spec

pytestmark = pytest.mark.skipif(not SPEC.exists(), reason=f"no OpenAPI spec at {SPEC}")


def _without_shares(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "file": {k: v for k, v in body["file"].items() if k != "shares"}}


def test_files_and_reactions_shapes(client: WebClient, workspace: SlackStandin) -> None:
    private = client.files_upload_v2(content=b"x", filename="x.txt")["file"]["id"]
    shared = client.files_upload_v2(content=b"y", filename="y.csv", channel=SET_CHANNEL)
    ts = client.chat_postMessage(channel=SET_CHANNEL, text="hi")["ts"]
    answers = {
        "files.info": client.files_info(file=private).data,
        "files.info ": _without_shares(client.files_info(file=shared["file"]["id"]).data),
        "reactions.add": client.reactions_add(channel=SET_CHANNEL, timestamp=ts, name="wave").data,
        "reactions.get": client.reactions_get(channel=SET_CHANNEL, timestamp=ts).data,
        "reactions.remove": client.reactions_remove(
            channel=SET_CHANNEL, timestamp=ts, name="wave"
        ).data,
    }
    for method, answer in answers.items():
        assert isinstance(answer, dict)
        _conforms(method.strip(), answer)
    share_msg = workspace.messages(SET_CHANNEL)[0]
    share_msg["files"] = [{k: v for k, v in f.items() if k != "shares"} for f in share_msg["files"]]
    message_schema = _resolve(_spec()["definitions"]["objs_message"])
    jsonschema.Draft4Validator(message_schema).validate(share_msg)


def test_files_and_reactions_error_shapes(client: WebClient) -> None:
    ts = client.chat_postMessage(channel=SET_CHANNEL, text="hi")["ts"]
    client.reactions_add(channel=SET_CHANNEL, timestamp=ts, name="wave")
    errors = {
        "files.info": lambda: client.files_info(file="F404"),
        "reactions.add": lambda: client.reactions_add(
            channel=SET_CHANNEL, timestamp=ts, name="wave"
        ),
        "reactions.get": lambda: client.reactions_get(channel=SET_CHANNEL, timestamp="1.000001"),
        "reactions.remove": lambda: client.reactions_remove(
            channel=SET_CHANNEL, timestamp=ts, name="star"
        ),
    }
    for method, call in errors.items():
        _conforms(method, _error_body(call))
