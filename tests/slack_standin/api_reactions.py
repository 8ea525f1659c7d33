"""reactions.add / reactions.get / reactions.remove, and the reaction store the driver shares.

Reactions live on the stored message as Slack shows them: reactions: [{name, users, count}].
"""

from __future__ import annotations

import copy
import re
from typing import Any

from .model import ApiError
from .registry import api, required
from .workspace import Workspace

_NAME = re.compile(r"[a-z0-9_+'\-]+(::skin-tone-[2-6])?")


def _message(ws: Workspace, channel: str, ts: str | None) -> dict[str, Any]:
    if not ts:
        raise ApiError("no_item_specified")
    msg = ws.find_message(channel, ts)
    if msg is None:
        raise ApiError("message_not_found")
    return msg


def _checked_name(name: Any) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ApiError("invalid_name")
    return name


def add_reaction(ws: Workspace, channel: str, ts: str, user: str, name: str) -> dict[str, Any]:
    """`user` reacts with :name: to the message; returns a copy of the message."""
    _checked_name(name)
    with ws.lock:
        msg = _message(ws, channel, ts)
        reactions = msg.setdefault("reactions", [])
        entry = next((r for r in reactions if r["name"] == name), None)
        if entry is None:
            entry = {"name": name, "users": [], "count": 0}
            reactions.append(entry)
        elif user in entry["users"]:
            raise ApiError("already_reacted")
        entry["users"].append(user)
        entry["count"] += 1
        out = copy.deepcopy(msg)
    ws.touch()
    return out


def remove_reaction(ws: Workspace, channel: str, ts: str, user: str, name: str) -> dict[str, Any]:
    """Take `user`'s :name: off the message; returns a copy of the message."""
    _checked_name(name)
    with ws.lock:
        msg = _message(ws, channel, ts)
        reactions = msg.get("reactions", [])
        entry = next((r for r in reactions if r["name"] == name), None)
        if entry is None or user not in entry["users"]:
            raise ApiError("no_reaction")
        entry["users"].remove(user)
        entry["count"] -= 1
        msg["reactions"] = [r for r in reactions if r["count"] > 0]
        if not msg["reactions"]:
            del msg["reactions"]
        out = copy.deepcopy(msg)
    ws.touch()
    return out


@api("reactions.add")
def reactions_add(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    ch = ws.accessible(args.get("channel"))
    name = required(args, "name")
    add_reaction(ws, ch.id, args.get("timestamp") or "", ws.bot_user_id, name)
    return {}


@api("reactions.remove")
def reactions_remove(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    ch = ws.accessible(args.get("channel"))
    name = required(args, "name")
    remove_reaction(ws, ch.id, args.get("timestamp") or "", ws.bot_user_id, name)
    return {}


@api("reactions.get")
def reactions_get(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    if not args.get("channel") or not args.get("timestamp"):
        raise ApiError("no_item_specified")
    ch = ws.accessible(args["channel"])
    msg = copy.deepcopy(_message(ws, ch.id, args["timestamp"]))
    ts = msg["ts"].replace(".", "")
    msg["permalink"] = f"https://{ws.team_domain}.slack.com/archives/{ch.id}/p{ts}"
    return {"type": "message", "channel": ch.id, "message": msg}
