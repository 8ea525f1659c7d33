"""The one global error handler: log the unexpected, tell the person plainly."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.services.core import ephemeral, log

SORRY = "Sorry, something went wrong on my side and nothing was changed. Please try again."


def register(app: App) -> None:
    def on_error(error: Exception, body: dict[str, Any], client: WebClient) -> BoltResponse:
        log.error(
            "unhandled error for a %s request", body.get("type") or "slash command", exc_info=error
        )
        user = body.get("user_id") or (body.get("user") or {}).get("id")
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
        if body.get("type") == "block_actions" and user and channel:
            ephemeral(client, channel, user, SORRY)
        if body.get("type") == "view_submission":
            return BoltResponse(status=200, body="")
        if body.get("command"):
            return BoltResponse(status=200, body=SORRY)
        return BoltResponse(status=200, body="")

    app.error(on_error)
