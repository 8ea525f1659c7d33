"""The one global error handler: log the unexpected, tell the person plainly."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.services import Asker, Services
from bot.services.outbox import SORRY

log = logging.getLogger("setbot")


FORM_SORRY = "Something went wrong saving this. Nothing was saved: try again."


def _form_error(body: dict[str, Any]) -> BoltResponse:
    """The form stays open, with the sorry under its first input."""
    blocks = (body.get("view") or {}).get("blocks") or []
    first = next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
    if not first:
        return BoltResponse(status=200, body="")
    answer = {"response_action": "errors", "errors": {first: FORM_SORRY}}
    return BoltResponse(
        status=200, body=json.dumps(answer), headers={"content-type": "application/json"}
    )


def register(app: App, services: Services) -> None:
    def on_error(
        error: Exception, body: dict[str, Any], client: WebClient, response: BoltResponse | None
    ) -> BoltResponse | None:
        """Never a 500 or a traceback in Slack: a plain sorry, in the ack or ephemerally."""
        log.error(
            "unhandled error for a %s request", body.get("type") or "slash command", exc_info=error
        )
        user = body.get("user_id") or (body.get("user") or {}).get("id")
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
        in_ack = response is not None and body.get("command")
        if not in_ack and user and channel and body.get("type") != "event_callback":
            team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
            services.outbox.tell(services.slack(client, team), Asker(user, channel), SORRY)
        if response is None:  # already acknowledged
            return None
        if body.get("type") == "view_submission":  # never a silently closed form
            return _form_error(body)
        return BoltResponse(status=200, body=SORRY if in_ack else "")

    app.error(on_error)
