"""The `/set` slash command: ack with the reply, then the effects through the outbox."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.handlers.payload import gateway_of
from bot.services import Asker, Services


def register(app: App, services: Services) -> None:
    def on_set(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        team, channel = command.get("team_id", ""), command.get("channel_id", "")
        user = command.get("user_id", "")
        gateway = gateway_of(context)
        done = services.command(
            gateway, team, channel, user, command.get("text") or "", command.get("trigger_id", "")
        )
        if done.reply and done.reply.blocks:
            ack(text=done.reply.text, blocks=done.reply.blocks)
        elif done.reply:
            ack(text=done.reply.text)
        else:
            ack()
        services.outbox.after_ack(gateway, done, Asker(user, channel), reply=False)

    app.command("/set")(on_set)
