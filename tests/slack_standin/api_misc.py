"""auth.test, conversations.*, users.info and apps.connections.open."""

from __future__ import annotations

import base64
import copy
from typing import Any

from .model import ApiError
from .registry import api, flag
from .workspace import Workspace


@api("auth.test")
def auth_test(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": f"https://{ws.team_domain}.slack.com/",
        "team": ws.team_domain.title(),
        "user": ws.bot_name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


@api("conversations.info")
def conversations_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    ch = ws.accessible(args.get("channel"))
    return {"channel": ch.info(ws.bot_user_id, flag(args, "include_num_members"))}


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


@api("conversations.members")
def conversations_members(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    ch = ws.accessible(args.get("channel"))
    members = ch.member_ids(ws.bot_user_id)
    try:
        limit = int(args.get("limit") or 100)
        cursor = args.get("cursor") or ""
        start = int(base64.b64decode(cursor).decode().split(":")[1]) if cursor else 0
    except (ValueError, IndexError) as e:
        raise ApiError("invalid_cursor") from e
    page = members[start : start + limit]
    more = start + limit < len(members)
    next_cursor = _cursor(start + limit) if more else ""
    return {"members": page, "response_metadata": {"next_cursor": next_cursor}}


@api("conversations.open")
def conversations_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    if args.get("channel"):
        ch = ws.accessible(args["channel"])
        return {"channel": {"id": ch.id}, "no_op": True, "already_open": True}
    users = [u for u in str(args.get("users") or "").split(",") if u]
    if not users:
        raise ApiError("users_list_not_supplied")
    for user in users:
        if user not in ws.users:
            raise ApiError("user_not_found")
        if ws.users[user]["deleted"]:
            raise ApiError("user_disabled")
    if len(users) > 1:
        raise ApiError("method_not_supported_for_channel_type")
    already = "D" + users[0] in ws.channels
    ch = ws.dm_channel(users[0])
    body = ch.info(ws.bot_user_id) if flag(args, "return_im") else {"id": ch.id}
    return {"no_op": already, "already_open": already, "channel": body}


@api("conversations.history")
def conversations_history(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """Top-level messages, newest first, between `oldest` and `latest` (exclusive); metadata
    only with include_all_metadata."""
    ch = ws.accessible(args.get("channel"))
    try:
        oldest = float(args.get("oldest") or 0)
        latest = float(args.get("latest") or "inf")
        limit = max(1, min(int(args.get("limit") or 100), 999))
    except ValueError as e:
        raise ApiError("invalid_arguments") from e
    with ws.lock:
        found = [
            copy.deepcopy(m)
            for m in ws.history.get(ch.id, [])
            if m.get("thread_ts") in (None, m["ts"]) and oldest < float(m["ts"]) < latest
        ]
    found.reverse()
    if not flag(args, "include_all_metadata"):
        for message in found:
            message.pop("metadata", None)
    page = found[:limit]
    return {"messages": page, "has_more": len(found) > limit, "pin_count": 0}


@api("users.info")
def users_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    user = ws.users.get(args.get("user") or "")
    if user is None:
        raise ApiError("user_not_found")
    shown = copy.deepcopy(user)
    if str(args.get("include_locale", "")).lower() not in ("1", "true"):
        shown.pop("locale", None)
    return {"user": shown}


@api("apps.connections.open", token="app")
def connections_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    return {"url": ws.socket_url()}
