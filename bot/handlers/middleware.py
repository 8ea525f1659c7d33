"""Cross-cutting request handling: text cleaned at the edge, the request's Slack gateway,
and Slack's re-deliveries apply once.

Both are Bolt `Middleware` classes rather than functions: Bolt builds a function's
arguments afresh on every request (~20 µs each), and calls a class's `process` as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.flows.clean import clean_tree
from bot.services import Services


class Prepare(Middleware):
    """Every form, command and message text as the database can keep it (no NUL, no lone
    surrogate, NFC), before any listener reads it; and the gateway over the client Bolt
    authorized, for the listener's outbox."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        clean_tree(req.body)
        context = req.context
        if context.client is not None:
            context["gateway"] = self.services.slack(context.client, context.team_id or "")
        return next()


class OncePerEvent(Middleware):
    """Acknowledge and drop an event whose event_id was already handled.

    Retry headers are not enough: Socket Mode drops them, so the event id is kept in the
    database and a second delivery is answered 200 and not processed.
    """

    def __init__(self, services: Services) -> None:
        self.services = services

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not self.services.first_delivery(str(event_id)):
            return BoltResponse(status=200, body="")
        return next()


def register(app: App, services: Services) -> None:
    app.middleware(Prepare(services))
    app.middleware(OncePerEvent(services))
