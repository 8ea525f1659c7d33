"""Events API: mentions of the bot, and the bot being added to a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.services import Services
from bot.services.core import log, post

INTRO = (
    "Hello! I facilitate *action learning sets*: small groups who meet regularly, report "
    "back on their actions, question each other and reflect. Run `/set create` to set one "
    "up in this channel, or `/set help` to see everything I can do."
)


def register(app: App, services: Services) -> None:
    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        thread = event.get("thread_ts") or event.get("ts")
        post(client, event["channel"], INTRO, thread_ts=thread)

    def on_member_joined(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("user") != context.bot_user_id:
            return
        log.info("added to channel %s", event.get("channel"))
        post(client, event["channel"], INTRO)

    app.event("app_mention")(on_mention)
    app.event("member_joined_channel")(on_member_joined)
