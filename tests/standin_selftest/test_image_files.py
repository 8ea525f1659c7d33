"""Image blocks and elements that show an uploaded file through slack_file."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.slack_standin import SlackStandin

from .conftest import ALICE, SET_CHANNEL

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def _image(**fields: Any) -> dict[str, Any]:
    return {"type": "image", **fields}


def _upload(client: WebClient, content: bytes = PNG, filename: str = "chart.png") -> str:
    return client.files_upload_v2(content=content, filename=filename)["file"]["id"]


def test_slack_file_by_id_or_url_is_accepted(client: WebClient, workspace: SlackStandin) -> None:
    fid = _upload(client)
    url = client.files_info(file=fid)["file"]["url_private"]
    blocks = [
        _image(slack_file={"id": fid}, alt_text="Attendance chart", title=_plain("Attendance")),
        _image(slack_file={"url": url}, alt_text="Same chart"),
        _image(image_url="https://example.com/a.png", alt_text="A picture"),
        {
            "type": "context",
            "elements": [_image(slack_file={"id": fid}, alt_text="icon"), _plain("Set one")],
        },
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "Chart"},
            "accessory": _image(slack_file={"id": fid}, alt_text="thumb"),
        },
    ]
    client.chat_postMessage(channel=SET_CHANNEL, text="Charts", blocks=blocks)
    assert workspace.messages(SET_CHANNEL)[0]["blocks"][0]["slack_file"] == {"id": fid}
    view = {"type": "modal", "title": _plain("Charts"), "blocks": blocks[:1]}
    client.views_open(trigger_id=workspace.issue_trigger(ALICE), view=view)
    assert workspace.violations == []


BAD = {
    "unknown file id": (_image(slack_file={"id": "F0NOPE"}, alt_text="x"), "no file 'F0NOPE'"),
    "unknown url": (_image(slack_file={"url": "https://x/y.png"}, alt_text="x"), "no file at"),
    "both sources": (
        _image(image_url="https://example.com/a.png", slack_file={"id": "F1"}, alt_text="x"),
        "exactly one of image_url or slack_file",
    ),
    "no source": (_image(alt_text="x"), "exactly one of image_url or slack_file"),
    "no alt_text": (_image(image_url="https://example.com/a.png"), "without alt_text"),
    "id and url": (_image(slack_file={"id": "F1", "url": "u"}, alt_text="x"), "id or url"),
}


@pytest.mark.parametrize(("block", "problem"), BAD.values(), ids=BAD.keys())
def test_bad_image_blocks_are_refused(
    client: WebClient, workspace: SlackStandin, block: dict[str, Any], problem: str
) -> None:
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=SET_CHANNEL, text="x", blocks=[block])
    assert info.value.response["error"] == "invalid_blocks"
    assert any(problem in v for v in workspace.violations), workspace.violations
    workspace.violations.clear()


def test_slack_file_must_be_a_finished_image(client: WebClient, workspace: SlackStandin) -> None:
    csv = _upload(client, b"a,b\n", "a.csv")
    pending = client.files_getUploadURLExternal(filename="b.png", length=len(PNG))["file_id"]
    sniffed = _upload(client, PNG, "chart")  # no extension: recognised by its bytes
    for fid, problem in ((csv, "is not an image"), (pending, "never completed")):
        with pytest.raises(SlackApiError):
            client.chat_postMessage(
                channel=SET_CHANNEL, text="x", blocks=[_image(slack_file={"id": fid}, alt_text="x")]
            )
        assert problem in workspace.violations[-1]
    workspace.violations.clear()
    block = _image(slack_file={"id": sniffed}, alt_text="x")
    client.chat_postMessage(channel=SET_CHANNEL, text="x", blocks=[block])
    with pytest.raises(SlackApiError):  # views are checked too
        view = {"type": "home", "blocks": [_image(slack_file={"id": csv}, alt_text="x")]}
        client.views_publish(user_id=ALICE, view=view)
    assert workspace.violations and workspace.home(ALICE) is None
    workspace.violations.clear()
