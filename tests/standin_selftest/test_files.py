"""File uploads the files_upload_v2 way: upload URL on the stand-in, exact bytes, sharing."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.slack_standin import SlackStandin

from .conftest import ALICE, OTHER_CHANNEL, SECRET_CHANNEL, SET_CHANNEL

BINARY = bytes(range(256)) + b"\r\n\x00tail"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value.response["error"]


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    req = urllib.request.Request(url, body, headers, method="POST")
    try:
        with _OPENER.open(req, timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def _get(url: str, token: str | None = None) -> tuple[str, bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with _OPENER.open(urllib.request.Request(url, headers=headers), timeout=5) as resp:
        return resp.headers.get("Content-Type", ""), resp.read()


def test_upload_v2_shares_several_files_in_one_message(
    client: WebClient, workspace: SlackStandin
) -> None:
    done = client.files_upload_v2(
        channel=SET_CHANNEL,
        initial_comment="This week's reports",
        file_uploads=[
            {"content": b"name,score\nana,3\n", "filename": "a.csv", "title": "A"},
            {"content": BINARY, "filename": "blob.bin", "title": "Blob"},
            {"content": "héllo ✓", "filename": "note.txt"},
        ],
    )
    ids = [f["id"] for f in done["files"]]
    assert [f["title"] for f in done["files"]] == ["A", "Blob", "note.txt"]
    # Like Slack, sharing is asynchronous: the answer does not list the shares yet.
    assert all(f["channels"] == [] and f["shares"] == {} for f in done["files"])

    (msg,) = workspace.messages(SET_CHANNEL)
    assert msg["text"] == "This week's reports" and msg["user"] == "UBOT"
    assert [f["id"] for f in msg["files"]] == ids
    assert (
        msg["files"][0]["channels"] == [SET_CHANNEL] and msg["files"][0]["mimetype"] == "text/csv"
    )

    files = workspace.files(SET_CHANNEL)
    assert [(f.id, f.name, f.title, f.user) for f in files] == [
        (ids[0], "a.csv", "A", "UBOT"),
        (ids[1], "blob.bin", "Blob", "UBOT"),
        (ids[2], "note.txt", "note.txt", "UBOT"),
    ]
    assert files[1].content == BINARY and files[1].channels == [SET_CHANNEL]
    assert workspace.file_text(ids[0]) == "name,score\nana,3\n"
    assert workspace.file_content(ids[2]) == "héllo ✓".encode()
    assert workspace.text_of(msg).splitlines() == ["This week's reports", "A", "Blob", "note.txt"]

    info = client.files_info(file=ids[0])["file"]
    assert info["channels"] == [SET_CHANNEL] and info["size"] == 17 and info["is_public"]
    assert info["shares"]["public"][SET_CHANNEL][0]["ts"] == msg["ts"]
    lengths = [c.args["length"] for c in workspace.calls_to("files.getUploadURLExternal")]
    assert lengths == ["17", str(len(BINARY)), "10"]


def test_upload_without_channel_is_private(client: WebClient, workspace: SlackStandin) -> None:
    done = client.files_upload_v2(content=b"draft", filename="draft.txt", title="Draft")
    fid = done["file"]["id"]
    assert workspace.messages(SET_CHANNEL) == [] and workspace.files(SET_CHANNEL) == []
    (f,) = workspace.files()
    assert (f.id, f.content, f.channels, f.title) == (fid, b"draft", [], "Draft")
    info = client.files_info(file=fid)["file"]
    assert (info["channels"], info["groups"], info["ims"], info["is_public"]) == ([], [], [], False)


def test_upload_into_a_thread_and_a_dm(client: WebClient, workspace: SlackStandin) -> None:
    top = client.chat_postMessage(channel=SET_CHANNEL, text="Meeting 1")["ts"]
    client.files_upload_v2(
        channel=SET_CHANNEL, thread_ts=top, content="notes", filename="n.txt", title="Notes"
    )
    (reply,) = workspace.thread(SET_CHANNEL, top)
    assert reply["thread_ts"] == top and reply["files"][0]["title"] == "Notes"
    assert [m["text"] for m in workspace.messages(SET_CHANNEL)] == ["Meeting 1"]
    client.files_upload_v2(channels=[ALICE], content="just you", filename="you.txt")
    (dm,) = workspace.messages("D" + ALICE)
    assert dm["files"][0]["ims"] == ["D" + ALICE]
    assert workspace.files("D" + ALICE)[0].text == "just you"


def test_completion_errors(client: WebClient, workspace: SlackStandin) -> None:
    complete = client.files_completeUploadExternal
    assert _error(lambda: complete(files=[{"id": "F404", "title": "x"}])) == "file_not_found"
    pending = client.files_getUploadURLExternal(filename="a.csv", length=3)
    # The bytes never reached the upload URL:
    assert _error(lambda: complete(files=[{"id": pending["file_id"]}])) == "file_not_found"
    assert workspace.files() == [] and workspace.files(pending=True)[0].content is None
    assert _error(lambda: client.files_info(file=pending["file_id"])) == "file_not_found"
    assert _post(pending["upload_url"], b"a,b", {}) == (200, "OK - 3")
    one = [{"id": pending["file_id"]}]
    assert _error(lambda: complete(files=one, channel_id=OTHER_CHANNEL)) == "not_in_channel"
    assert _error(lambda: complete(files=one, channel_id=SECRET_CHANNEL)) == "invalid_channel"
    two = [SET_CHANNEL, ALICE]
    assert _error(lambda: complete(files=one, channels=two, thread_ts="1.2")) == (
        "invalid_arguments"
    )
    assert complete(files=one)["files"][0]["title"] == "a.csv"
    assert _error(lambda: complete(files=one)) == "file_not_found"  # only once
    assert _post(pending["upload_url"], b"late", {})[0] == 404
    url = client.files_getUploadURLExternal
    assert _error(lambda: url(filename="a.csv", length=0)) == "missing_argument"
    assert _error(lambda: url(filename="a.png", length=1, alt_txt="x" * 1001)) == (
        "alt_txt_too_large"
    )


def test_multipart_upload_keeps_exact_bytes(client: WebClient, workspace: SlackStandin) -> None:
    got = client.files_getUploadURLExternal(filename="blob.bin", length=len(BINARY))
    assert got["upload_url"].startswith(workspace.base_url + "upload/")
    boundary = "standinBoundary42"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="filename"; filename="blob.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + BINARY
        + f"\r\n--{boundary}--\r\n".encode()
    )
    ctype = f"multipart/form-data; boundary={boundary}"
    assert _post(got["upload_url"], body, {"Content-Type": ctype}) == (200, f"OK - {len(BINARY)}")
    client.files_completeUploadExternal(files=[{"id": got["file_id"], "title": "Blob"}])
    assert workspace.file_content(got["file_id"]) == BINARY


def test_url_private_needs_the_bot_token(client: WebClient, workspace: SlackStandin) -> None:
    fid = client.files_upload_v2(content=b"a,b\n", filename="a.csv")["file"]["id"]
    info = client.files_info(file=fid)["file"]
    assert _get(info["url_private"], workspace.bot_token) == ("text/csv", b"a,b\n")
    assert _get(info["url_private_download"], workspace.bot_token)[1] == b"a,b\n"
    ctype, page = _get(info["url_private"])  # like Slack: a sign-in page, not the file
    assert ctype.startswith("text/html") and b"Sign in" in page
