"""The `/set` slash command: ack with the reply, then the effects through the outbox."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import Asker, Services


def register(app: App, services: Services) -> None:
    def on_set(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        team, channel = command.get("team_id", ""), command.get("channel_id", "")
        user = command.get("user_id", "")
        gateway = services.slack(client)
        done = services.command(
            gateway, team, channel, user, command.get("text") or "", command.get("trigger_id", "")
        )
        if done.reply and done.reply.blocks:
            ack(text=done.reply.text, blocks=done.reply.blocks)
        elif done.reply:
            ack(text=done.reply.text)
        else:
            ack()
        services.outbox.deliver(gateway, done, Asker(user, channel), reply=False)

    app.command("/set")(on_set)
