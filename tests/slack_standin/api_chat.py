"""chat.* methods."""

from __future__ import annotations

import copy
from typing import Any

from .model import ApiError
from .registry import api, content, flag
from .workspace import Workspace


def _require_content(fields: dict[str, Any]) -> None:
    if not (fields.get("text") or fields.get("blocks") or fields.get("attachments")):
        raise ApiError("no_text")


@api("chat.postMessage")
def post_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    ch = ws.accessible(args.get("channel"), post=True)
    fields = content(args)
    _require_content(fields)
    ws.check_message(fields)
    metadata = args.get("metadata")
    if metadata is not None and not (
        isinstance(metadata, dict) and isinstance(metadata.get("event_type"), str)
    ):
        raise ApiError("invalid_metadata_format")
    msg = ws.store_message(
        ch.id,
        fields,
        thread_ts=args.get("thread_ts") or None,
        broadcast=flag(args, "reply_broadcast"),
        metadata=metadata,
    )
    msg.pop("metadata", None)  # Slack returns metadata only to those who ask for it
    return {"channel": ch.id, "ts": msg["ts"], "message": msg}


@api("chat.postEphemeral")
def post_ephemeral(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    ch = ws.accessible(args.get("channel"), post=True)
    user = args.get("user")
    if user not in ws.users:
        raise ApiError("user_not_found")
    if user not in ch.member_ids(ws.bot_user_id):
        raise ApiError("user_not_in_channel")
    fields = content(args)
    _require_content(fields)
    ws.check_message(fields)
    rec = ws.add_ephemeral(user, ch.id, {**fields, "thread_ts": args.get("thread_ts")})
    return {"message_ts": rec["message_ts"]}


def _own_message(ws: Workspace, args: dict[str, Any], error: str) -> tuple[str, dict[str, Any]]:
    ch = ws.accessible(args.get("channel"))
    msg = ws.find_message(ch.id, args.get("ts"))
    if msg is None:
        raise ApiError("message_not_found")
    if msg.get("bot_id") != ws.bot_id:
        raise ApiError(error)
    return ch.id, msg


@api("chat.update")
def update(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel, msg = _own_message(ws, args, "cant_update_message")
    fields = content(args)
    _require_content(fields)
    merged = {k: msg.get(k) for k in ("text", "blocks", "attachments")}
    merged.update({k: v for k, v in fields.items() if v is not None})
    ws.check_message(merged)
    ws.replace_content(msg, fields)
    shown = {k: copy.deepcopy(msg[k]) for k in ("text", "blocks", "attachments") if k in msg}
    return {"channel": channel, "ts": msg["ts"], "text": msg["text"], "message": shown}


@api("chat.delete")
def delete(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel, msg = _own_message(ws, args, "cant_delete_message")
    ws.remove_message(channel, msg["ts"])
    return {"channel": channel, "ts": msg["ts"]}


@api("chat.getPermalink")
def get_permalink(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    ch = ws.accessible(args.get("channel"))
    ts = args.get("message_ts")
    if not ts:
        raise ApiError("invalid_arg_name")
    if ws.find_message(ch.id, ts) is None:
        raise ApiError("message_not_found")
    link = f"https://{ws.team_domain}.slack.com/archives/{ch.id}/p{str(ts).replace('.', '')}"
    return {"channel": ch.id, "permalink": link}
