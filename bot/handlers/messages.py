"""Messages: a member answering report-back questions in the bot's DM; messages in an issue
round's thread (questions counted, statements nudged); stars on them for the question bank."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.blocks import ids
from bot.blocks.text import unescape
from bot.handlers.payload import gateway_of
from bot.services import Asker, Done, Said, Services
from bot.services.questions import STAR_REACTIONS

# A reply also sent to the channel ("Also send to #channel") is still a reply in the thread.
WRITTEN = (None, "thread_broadcast")


def register(app: App, services: Services) -> None:
    def on_message(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        subtype = event.get("subtype")
        if event.get("bot_id") or not event.get("user") or subtype not in WRITTEN:
            return  # not a person writing
        channel, user = str(event.get("channel", "")), str(event["user"])
        in_dm = event.get("channel_type") == "im" or channel.startswith("D")
        thread = str(event.get("thread_ts") or "")
        if not in_dm and (not thread or thread == event.get("ts")):
            return  # a message at the top of a channel: nothing for the set
        said = Said(
            team=body.get("team_id") or event.get("team", ""),
            channel=channel,
            user=user,
            text=unescape(event.get("text") or ""),
            ts=str(event.get("ts")),
            thread=thread,
            in_dm=in_dm,
        )
        asker = Asker(user, channel)
        services.outbox.after_ack(gateway_of(context), lambda: services.message(said), asker)

    def on_reaction(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        item = event.get("item") or {}
        if event.get("reaction") not in STAR_REACTIONS or item.get("type") != "message":
            return
        added = event.get("type") == "reaction_added"
        team, channel = body.get("team_id") or "", str(item.get("channel", ""))
        ts, user = str(item.get("ts")), str(event.get("user", ""))
        services.outbox.after_ack(
            gateway_of(context), lambda: services.questions.star(team, channel, ts, user, added)
        )

    def on_star_shortcut(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        message = body.get("message") or {}

        def star() -> Done:
            return services.questions.star(
                (body.get("team") or {}).get("id", ""),
                (body.get("channel") or {}).get("id", ""),
                str(body.get("message_ts") or message.get("ts") or ""),
                (body.get("user") or {}).get("id", ""),
                True,
                message,
                response_url=str(body.get("response_url", "")),
            )

        services.outbox.after_ack(gateway_of(context), star)

    app.event("message")(on_message)
    app.event("reaction_added")(on_reaction)
    app.event("reaction_removed")(on_reaction)
    app.shortcut(ids.STAR_SHORTCUT)(on_star_shortcut)
