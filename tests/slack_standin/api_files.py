"""files.* methods the way WebClient.files_upload_v2 uses them, and the upload/download URLs.

1. files.getUploadURLExternal(filename, length) -> upload_url (on the stand-in) + file_id
2. POST the bytes (raw, or multipart) to upload_url         -> receive_upload()
3. files.completeUploadExternal(files=[{id, title}], channel_id/channels, initial_comment,
   thread_ts) -> file objects; with a channel, one message carrying all the files.
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import quote

from .filestore import StoredFile, file_object, parse_upload
from .model import ApiError, Channel
from .registry import api, required
from .workspace import Workspace

MAX_ALT_TXT = 1000
LOGIN_PAGE = b"<!DOCTYPE html><html><body>Sign in to Standin Slack</body></html>"


def _why(error: str, message: str) -> ApiError:
    return ApiError(error, response_metadata={"messages": [f"[ERROR] {message}"]})


@api("files.getUploadURLExternal")
def get_upload_url(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    name = str(required(args, "filename"))
    try:
        length = int(required(args, "length"))
    except ValueError as e:
        raise _why("invalid_arguments", "length must be an integer") from e
    if length <= 0:
        raise ApiError("missing_argument")
    alt_txt = args.get("alt_txt") or None
    if alt_txt and len(alt_txt) > MAX_ALT_TXT:
        raise ApiError("alt_txt_too_large")
    fid = ws.new_id("F")
    ticket = secrets.token_urlsafe(18)
    ws.file_store[fid] = StoredFile(
        id=fid,
        name=name,
        length=length,
        user=ws.bot_user_id,
        ticket=ticket,
        url_private=f"{ws.base_url}files-pri/{ws.team_id}-{fid}/{quote(name)}",
        permalink=f"https://{ws.team_domain}.slack.com/files/{ws.bot_user_id}/{fid}/{quote(name)}",
        alt_txt=alt_txt,
        snippet_type=args.get("snippet_type") or None,
    )
    return {"upload_url": f"{ws.base_url}upload/v1/{ticket}", "file_id": fid}


def receive_upload(ws: Workspace, ticket: str, raw: bytes, content_type: str) -> tuple[int, str]:
    """A POST to an upload URL: keep the bytes; (HTTP status, body text) like Slack's."""
    with ws.lock:
        f = next((f for f in ws.file_store.values() if f.ticket == ticket), None)
        if f is None or f.completed:
            return 404, "invalid upload url"
        f.content = parse_upload(raw, content_type)
    ws.touch()
    return 200, f"OK - {len(f.content)}"


def download(ws: Workspace, path: str, token: str | None) -> tuple[int, bytes, str]:
    """GET of a url_private(_download): the bytes with the bot token, else Slack's login page."""
    with ws.lock:
        f = next(
            (f for f in ws.file_store.values() if path in (f.url_private, f.url_private_download)),
            None,
        )
        if f is None or not f.completed:
            return 404, b"file not found", "text/plain"
        if token != ws.bot_token:
            return 200, LOGIN_PAGE, "text/html; charset=utf-8"
        return 200, f.content or b"", f.kind()[2]


def _file_list(args: dict[str, Any]) -> list[dict[str, Any]]:
    files = required(args, "files")
    if isinstance(files, str):
        try:
            files = json.loads(files)
        except ValueError as e:
            raise _why("invalid_arguments", "files is not JSON") from e
    if not isinstance(files, list) or not files:
        raise _why("invalid_arguments", "files must be a non-empty array")
    if not all(isinstance(f, dict) and f.get("id") for f in files):
        raise _why("invalid_arguments", "each entry of files needs an id")
    return files


def _targets(ws: Workspace, args: dict[str, Any]) -> list[Channel]:
    """channel_id plus channels (comma-separated channel or user ids), checked for posting."""
    ids = [str(args["channel_id"])] if args.get("channel_id") else []
    ids += [c.strip() for c in str(args.get("channels") or "").split(",") if c.strip()]
    out: list[Channel] = []
    for cid in ids:
        try:
            ch = ws.accessible(cid, post=True)
        except ApiError as e:
            raise ApiError("invalid_channel" if e.error == "channel_not_found" else e.error) from e
        if ch not in out:
            out.append(ch)
    return out


def _share(ws: Workspace, ch: Channel, files: list[StoredFile], args: dict[str, Any]) -> None:
    """Post the file-share message in `ch` (one message, all the files), as the bot."""
    comment = args.get("initial_comment") or ""
    fields: dict[str, Any] = {"text": comment}
    if not comment and args.get("blocks"):
        fields["blocks"] = args["blocks"]
    thread_ts = args.get("thread_ts") or None
    stored = ws.store_message(ch.id, fields, thread_ts=thread_ts)
    msg = ws.find_message(ch.id, stored["ts"])
    assert msg is not None
    for f in files:
        share: dict[str, Any] = {
            "reply_users": [],
            "reply_users_count": 0,
            "reply_count": 0,
            "ts": msg["ts"],
            "channel_name": ch.name,
            "team_id": ws.team_id,
            "share_user_id": ws.bot_user_id,
            "source": "UNKNOWN",
        }
        if thread_ts:
            share["thread_ts"] = thread_ts
        f.shares.setdefault(ch.id, []).append(share)
    msg.update(
        files=[file_object(f, ws.team_id, ws.channels) for f in files],
        upload=False,
        display_as_bot=False,
    )


@api("files.completeUploadExternal")
def complete_upload(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    entries = _file_list(args)
    targets = _targets(ws, args)
    if args.get("thread_ts") and len(targets) != 1:
        raise _why("invalid_arguments", "thread_ts needs exactly one channel")
    files: list[StoredFile] = []
    for entry in entries:
        f = ws.file_store.get(str(entry["id"]))
        if f is None or f.completed:
            raise _why("file_not_found", f"no upload in progress for file {entry['id']}")
        if f.content is None:
            raise _why("file_not_found", f"nothing was uploaded to the upload_url of {f.id}")
        files.append(f)
    if not args.get("initial_comment") and args.get("blocks"):
        ws.check_message({"blocks": args["blocks"]})
    # Slack shares asynchronously: the answer usually lists no shares yet (see files.info).
    answer = [file_object(f, ws.team_id, ws.channels) for f in files]
    for f, entry in zip(files, entries, strict=True):
        f.completed = True
        f.title = str(entry.get("title") or f.name)
    for obj, f in zip(answer, files, strict=True):
        obj["title"] = f.title
    for ch in targets:
        _share(ws, ch, files, args)
    ws.touch()
    return {"files": answer}


@api("files.info")
def files_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    f = ws.file_store.get(str(args.get("file") or ""))
    if f is None or not f.completed:
        raise ApiError("file_not_found")
    return {
        "file": file_object(f, ws.team_id, ws.channels),
        "comments": [],
        "response_metadata": {"next_cursor": ""},
    }
