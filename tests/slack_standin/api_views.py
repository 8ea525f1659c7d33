"""views.* methods, and the modal-stack operations the driver reuses after submissions."""

from __future__ import annotations

import copy
import secrets
import time
from typing import Any

from . import blockkit
from .model import ApiError
from .registry import api, required
from .workspace import Workspace

MAX_STACK = 3


def _hash() -> str:
    return f"{int(time.time())}.{secrets.token_hex(4)}"


def _checked_view(
    ws: Workspace, args: dict[str, Any], kind: str, viewer: str | None = None
) -> dict[str, Any]:
    """The `view` argument, after the Block Kit checks (problems raise invalid_blocks)."""
    view = required(args, "view")
    if not isinstance(view, dict):
        raise ApiError("invalid_arguments", response_metadata={"messages": ["view is not JSON"]})
    problems = blockkit.check_view(view, files=lambda ref: ws.slack_file_problem(ref, viewer))
    if view.get("type") != kind and not problems:
        problems = [f"view: type must be {kind}, got {view.get('type')!r}"]
    ws.report(problems)
    return view


def _build(
    ws: Workspace, vid: str, view: dict[str, Any], root: str | None, previous: str | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "private_metadata": "",
        "callback_id": "",
        "external_id": "",
        "close": None,
        "submit": None,
        "clear_on_close": False,
        "notify_on_close": False,
    }
    out.update(copy.deepcopy(view))
    blockkit.fill_ids(out["blocks"])
    out.update(
        id=vid,
        team_id=ws.team_id,
        state={"values": {}},
        hash=_hash(),
        root_view_id=root or vid,
        previous_view_id=previous,
        app_id=ws.app_id,
        app_installed_team_id=ws.team_id,
        bot_id=ws.bot_id,
    )
    return out


def open_modal(ws: Workspace, user: str, view: dict[str, Any], push: bool = False) -> str:
    """Open (or push onto the user's stack) a modal that already passed the checks."""
    with ws.lock:
        stack = ws.modal_stacks.setdefault(user, [])
        if push and len(stack) >= MAX_STACK:
            raise ApiError("push_limit_reached")
        if not push:
            clear_stack(ws, user)
        vid = ws.new_id("V")
        top = stack[-1] if stack else None
        root = ws.views[top]["root_view_id"] if top else None
        ws.views[vid] = _build(ws, vid, view, root, top)
        ws.view_meta[vid] = {"user": user, "kind": "modal", "open": True}
        stack.append(vid)
        ws.opened.append(vid)
    ws.touch()
    return vid


def replace_view(ws: Workspace, vid: str, view: dict[str, Any]) -> None:
    """Replace a view's content, keeping its id and place in the stack."""
    with ws.lock:
        old = ws.views[vid]
        ws.views[vid] = _build(ws, vid, view, old["root_view_id"], old["previous_view_id"])
    ws.touch()


def close_view(ws: Workspace, vid: str) -> None:
    with ws.lock:
        meta = ws.view_meta[vid]
        meta["open"] = False
        stack = ws.modal_stacks.get(meta["user"], [])
        if vid in stack:
            stack.remove(vid)
    ws.touch()


def clear_stack(ws: Workspace, user: str) -> None:
    with ws.lock:
        for vid in list(ws.modal_stacks.get(user, [])):
            close_view(ws, vid)


@api("views.open")
def views_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    view = _checked_view(ws, args, "modal")
    trig = ws.use_trigger(args.get("trigger_id"))
    vid = open_modal(ws, trig["user"], view)
    return {"view": copy.deepcopy(ws.views[vid])}


@api("views.push")
def views_push(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    view = _checked_view(ws, args, "modal")
    trig = ws.use_trigger(args.get("trigger_id"))
    vid = open_modal(ws, trig["user"], view, push=True)
    return {"view": copy.deepcopy(ws.views[vid])}


def _check_hash(args: dict[str, Any], current: dict[str, Any]) -> None:
    if args.get("hash") and args["hash"] != current["hash"]:
        raise ApiError("hash_conflict")


@api("views.update")
def views_update(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    vid = args.get("view_id")
    if not vid and args.get("external_id"):
        ext = args["external_id"]
        vid = next((k for k, v in ws.views.items() if v["external_id"] == ext), None)
    if not vid or not ws.view_meta.get(vid, {}).get("open"):
        raise ApiError("not_found")
    view = _checked_view(ws, args, ws.views[vid]["type"])
    _check_hash(args, ws.views[vid])
    replace_view(ws, vid, view)
    return {"view": copy.deepcopy(ws.views[vid])}


@api("views.publish")
def views_publish(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    user = required(args, "user_id")
    if user not in ws.users:
        raise ApiError("user_not_found")
    view = _checked_view(ws, args, "home", viewer=user)
    vid = ws.homes.get(user)
    if vid is None:
        vid = ws.homes[user] = ws.new_id("VH", 9)
        ws.view_meta[vid] = {"user": user, "kind": "home", "open": True}
    else:
        _check_hash(args, ws.views[vid])
    ws.views[vid] = _build(ws, vid, view, None, None)
    ws.touch()
    return {"view": copy.deepcopy(ws.views[vid])}
