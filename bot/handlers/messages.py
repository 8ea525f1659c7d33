"""Messages: a member answering report-back questions in the bot's DM; messages in an issue
round's thread (questions counted, statements nudged); stars on them for the question bank."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks import ids
from bot.blocks.text import unescape
from bot.services import Asker, Services
from bot.services.questions import STAR_REACTIONS

# A reply also sent to the channel ("Also send to #channel") is still a reply in the thread.
WRITTEN = (None, "thread_broadcast")


def register(app: App, services: Services) -> None:
    def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        subtype = event.get("subtype")
        if event.get("bot_id") or not event.get("user") or subtype not in WRITTEN:
            return  # not a person writing
        team = body.get("team_id") or event.get("team", "")
        channel, user = str(event.get("channel", "")), str(event["user"])
        in_dm = event.get("channel_type") == "im" or channel.startswith("D")
        text = unescape(event.get("text") or "")
        if in_dm:
            done = services.dm.message(team, user, text)
        else:
            thread = event.get("thread_ts")
            if not thread or thread == event.get("ts"):
                return  # a message at the top of a channel: nothing for the set
            done = services.questions.thread_message(
                team, channel, user, text, str(event.get("ts")), str(thread)
            )
        services.outbox.deliver(services.slack(client), done, Asker(user, channel))

    def on_reaction(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        item = event.get("item") or {}
        if event.get("reaction") not in STAR_REACTIONS or item.get("type") != "message":
            return
        added = event.get("type") == "reaction_added"
        done = services.questions.star(
            body.get("team_id") or "",
            str(item.get("channel", "")),
            str(item.get("ts")),
            str(event.get("user", "")),
            added,
        )
        services.outbox.deliver(services.slack(client), done)

    def on_star_shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        message = body.get("message") or {}
        done = services.questions.star(
            (body.get("team") or {}).get("id", ""),
            (body.get("channel") or {}).get("id", ""),
            str(body.get("message_ts") or message.get("ts") or ""),
            (body.get("user") or {}).get("id", ""),
            True,
            message,
            response_url=str(body.get("response_url", "")),
        )
        services.outbox.deliver(services.slack(client), done)

    app.event("message")(on_message)
    app.event("reaction_added")(on_reaction)
    app.event("reaction_removed")(on_reaction)
    app.shortcut(ids.STAR_SHORTCUT)(on_star_shortcut)
