"""Events about the bot itself: a mention, and the bot being added to a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.handlers.payload import gateway_of
from bot.services import Services


def register(app: App, services: Services) -> None:
    def on_mention(event: dict[str, Any], context: BoltContext) -> None:
        thread = event.get("thread_ts") or event.get("ts")
        done = services.info.intro(str(event["channel"]), thread)
        services.outbox.deliver(gateway_of(context), done)

    def on_member_joined(event: dict[str, Any], context: BoltContext) -> None:
        if event.get("user") != context.bot_user_id:
            return
        done = services.info.intro(str(event["channel"]))
        services.outbox.deliver(gateway_of(context), done)

    app.event("app_mention")(on_mention)
    app.event("member_joined_channel")(on_member_joined)
