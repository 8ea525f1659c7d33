"""Cross-cutting request handling: text cleaned at the edge, the request's Slack gateway,
and Slack's re-deliveries apply once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.flows.clean import clean_tree
from bot.services import Services


def register(app: App, services: Services) -> None:
    def prepare(body: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> None:
        """Every form, command and message text as the database can keep it (no NUL, no
        lone surrogate, NFC), before any listener reads it; and the gateway over the
        client Bolt authorized, for the listener's outbox. One middleware for both: Bolt
        builds every middleware's arguments afresh on each request."""
        clean_tree(body)
        if context.client is not None:
            context["gateway"] = services.slack(context.client, context.team_id or "")
        next()

    app.middleware(prepare)

    def once_per_event(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        """Acknowledge and drop an event whose event_id was already handled.

        Retry headers are not enough: Socket Mode drops them, so the event id is kept
        in the database and a second delivery is answered 200 and not processed.
        """
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not services.first_delivery(str(event_id)):
            return BoltResponse(status=200, body="")
        next()
        return None

    app.middleware(once_per_event)
