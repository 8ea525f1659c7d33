"""Payload shapes Slack sends to apps: slash commands, interactions, events, view state."""

from __future__ import annotations

import copy
import secrets
import time
from typing import Any

from .blockkit import iter_elements
from .model import Channel
from .workspace import Workspace

VERIFICATION_TOKEN = "standin-verification-token"

# element type -> (state key, initial key, empty value)
_STATE: dict[str, tuple[str, str, Any]] = {
    **{
        t: ("value", "initial_value", None)
        for t in ("plain_text_input", "email_text_input", "url_text_input", "number_input")
    },
    **{
        t: ("selected_option", "initial_option", None)
        for t in ("static_select", "external_select", "radio_buttons")
    },
    **{
        t: ("selected_options", "initial_options", [])
        for t in ("multi_static_select", "multi_external_select", "checkboxes")
    },
    "users_select": ("selected_user", "initial_user", None),
    "multi_users_select": ("selected_users", "initial_users", []),
    "conversations_select": ("selected_conversation", "initial_conversation", None),
    "multi_conversations_select": ("selected_conversations", "initial_conversations", []),
    "channels_select": ("selected_channel", "initial_channel", None),
    "multi_channels_select": ("selected_channels", "initial_channels", []),
    "datepicker": ("selected_date", "initial_date", None),
    "timepicker": ("selected_time", "initial_time", None),
    "datetimepicker": ("selected_date_time", "initial_date_time", None),
}


class SubmissionBlocked(ValueError):
    """Slack's client would not send this submission (required field empty, bad number, ...)."""


def user_ref(ws: Workspace, user: str) -> dict[str, Any]:
    name = ws.users.get(user, {}).get("name", user)
    return {"id": user, "username": name, "name": name, "team_id": ws.team_id}


def team_ref(ws: Workspace) -> dict[str, Any]:
    return {"id": ws.team_id, "domain": ws.team_domain}


def channel_name(ch: Channel) -> str:
    return "directmessage" if ch.is_im else ch.name


def channel_type(ch: Channel) -> str:
    """A message event's channel_type."""
    return "im" if ch.is_im else ("group" if ch.private else "channel")


def slash_command(
    ws: Workspace,
    user: str,
    ch: Channel,
    text: str,
    command: str,
    trigger_id: str,
    response_url: str,
) -> dict[str, str]:
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": ws.team_id,
        "team_domain": ws.team_domain,
        "channel_id": ch.id,
        "channel_name": channel_name(ch),
        "user_id": user,
        "user_name": user_ref(ws, user)["name"],
        "command": command,
        "text": text,
        "api_app_id": ws.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def _options(el: dict[str, Any]) -> list[dict[str, Any]]:
    opts = list(el.get("options") or [])
    for group in el.get("option_groups") or []:
        opts.extend(group.get("options") or [])
    return opts


def _option(el: dict[str, Any], value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if el["type"].endswith("external_select"):
        return {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}
    for opt in _options(el):
        if opt.get("value") == value:
            return copy.deepcopy(opt)
    seen = [o.get("value") for o in _options(el)]
    raise LookupError(f"{el.get('action_id')}: no option {value!r}; options: {seen}")


def state_value(el: dict[str, Any], value: Any = None, *, initial: bool = False) -> dict[str, Any]:
    """One state.values entry, from a simple value or from the element's initial value."""
    key, init_key, empty = _STATE[el["type"]]
    out: dict[str, Any] = {"type": el["type"]}
    if initial:
        value = copy.deepcopy(el.get(init_key, empty))
    elif key == "selected_option":
        value = None if value is None else _option(el, value)
    elif key == "selected_options":
        value = [_option(el, v) for v in ([value] if isinstance(value, str) else value)]
    elif key == "value" and value is not None:
        value = str(value)
    out[key] = value
    return out


def _check_input(block: dict[str, Any], el: dict[str, Any], entry: dict[str, Any]) -> None:
    where = f"{block.get('block_id')}/{el.get('action_id')}"
    value = next(v for k, v in entry.items() if k != "type")
    if value in (None, "", []):
        if not block.get("optional", False):
            raise SubmissionBlocked(f"{where}: required field is empty")
        return
    too_long = len(str(value)) > el.get("max_length", 3000)
    if el["type"] == "plain_text_input" and (too_long or len(value) < el.get("min_length", 0)):
        raise SubmissionBlocked(f"{where}: length {len(value)} outside the allowed range")
    if el["type"] == "number_input":
        try:
            number = float(value) if el.get("is_decimal_allowed") else int(value)
        except ValueError as e:
            raise SubmissionBlocked(f"{where}: {value!r} is not a valid number") from e
        low, high = el.get("min_value"), el.get("max_value")
        if (low is not None and number < float(low)) or (high is not None and number > float(high)):
            raise SubmissionBlocked(f"{where}: {value} outside {low}..{high}")


def view_state(
    obj: dict[str, Any], values: dict[str, dict[str, Any]] | None = None, submitting: bool = False
) -> dict[str, Any]:
    """state for a view or message: given values where set, else the elements' initial values."""
    given = copy.deepcopy(values or {})
    state: dict[str, dict[str, Any]] = {}
    for block, el in iter_elements(obj.get("blocks") or []):
        if el.get("type") not in _STATE:
            continue
        bid, aid = str(block.get("block_id")), str(el.get("action_id"))
        if aid in given.get(bid, {}):
            entry = state_value(el, given[bid].pop(aid))
        else:
            entry = state_value(el, initial=True)
        if submitting and block.get("type") == "input":
            _check_input(block, el, entry)
        state.setdefault(bid, {})[aid] = entry
    left = {b: list(a) for b, a in given.items() if a}
    if left:
        known = {b: list(a) for b, a in state.items()}
        raise KeyError(f"no such inputs {left}; inputs in this view: {known}")
    return {"values": state}


def action(el: dict[str, Any], value: Any = None) -> dict[str, Any]:
    """One entry of block_actions.actions for a click on / choice in `el`."""
    out: dict[str, Any] = {
        "action_id": el.get("action_id"),
        "block_id": el.get("block_id"),
        "type": el["type"],
        "action_ts": f"{time.time():.6f}",
    }
    if el["type"] == "button":
        out["text"] = copy.deepcopy(el.get("text"))
        if "value" in el:
            out["value"] = el["value"]
        if "style" in el:
            out["style"] = el["style"]
    elif el["type"] == "overflow":
        out["selected_option"] = _option(el, value)
    elif el["type"] in _STATE:
        out.update({k: v for k, v in state_value(el, value).items() if k != "type"})
    return out


def base_interaction(ws: Workspace, kind: str, user: str, trigger_id: str) -> dict[str, Any]:
    return {
        "type": kind,
        "user": user_ref(ws, user),
        "api_app_id": ws.app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "team": team_ref(ws),
        "enterprise": None,
        "is_enterprise_install": False,
    }


def event_callback(ws: Workspace, event: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": ws.team_id,
        "context_team_id": ws.team_id,
        "api_app_id": ws.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + secrets.token_hex(12),
    }
