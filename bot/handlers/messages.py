"""Messages in the bot's DMs: a member answering their report-back questions."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks.text import unescape
from bot.services import Services


def register(app: App, services: Services) -> None:
    def on_dm(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        in_dm = event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")
        if not in_dm or event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return  # not a person writing to the bot
        team = body.get("team_id") or event.get("team", "")
        text = unescape(event.get("text") or "")
        said, reported = services.reports.reply(team, event["user"], text)
        services.reports.respond_in_dm(client, event["channel"], said)
        if reported and reported.live:
            services.effects.refresh(client, reported.meeting_id)

    app.event("message")(on_dm)
