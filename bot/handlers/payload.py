"""Reading the parts of an interaction payload every listener needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext

from bot.services.gateway import Gateway


def team_of(body: dict[str, Any]) -> str:
    """The workspace of an interaction (`team` may be null in org-wide installs)."""
    return str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id", ""))


def user_of(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    return dict((body.get("actions") or [{}])[0])


@dataclass(frozen=True)
class Pressed:
    """A button press, as every button's use case may need it."""

    team: str
    user: str
    channel: str  # where the message with the button is ("" in App Home)
    value: str
    trigger: str
    message_ts: str  # the message the button is on
    response_url: str


def pressed_of(body: dict[str, Any]) -> Pressed:
    return Pressed(
        team=team_of(body),
        user=user_of(body),
        channel=str((body.get("channel") or {}).get("id", "")),
        value=str(first_action(body).get("value", "")),
        trigger=str(body.get("trigger_id", "")),
        message_ts=str((body.get("container") or {}).get("message_ts") or ""),
        response_url=str(body.get("response_url", "")),
    )


def gateway_of(context: BoltContext) -> Gateway:
    """The Slack gateway for this request, made once by the middleware (see middleware.py)."""
    gateway: Gateway = context["gateway"]
    return gateway
