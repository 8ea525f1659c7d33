"""Events about the bot itself: a mention, and the bot being added to a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.handlers.payload import gateway_of
from bot.services import Services


def register(app: App, services: Services) -> None:
    def on_mention(event: dict[str, Any], context: BoltContext) -> None:
        thread, channel = event.get("thread_ts") or event.get("ts"), str(event["channel"])
        services.outbox.after_ack(gateway_of(context), lambda: services.info.intro(channel, thread))

    def on_member_joined(event: dict[str, Any], context: BoltContext) -> None:
        if event.get("user") != context.bot_user_id:
            return
        channel = str(event["channel"])
        services.outbox.after_ack(gateway_of(context), lambda: services.info.intro(channel))

    app.event("app_mention")(on_mention)
    app.event("member_joined_channel")(on_member_joined)
