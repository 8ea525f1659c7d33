"""Messages: a member answering report-back questions in the bot's DM; messages in an issue
round's thread (questions counted, statements nudged); stars on them for the question bank."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks import ids
from bot.blocks.text import unescape
from bot.services import DomainError, Services
from bot.services.core import ephemeral
from bot.services.questions import STAR_REACTIONS

# A reply also sent to the channel ("Also send to #channel") is still a reply in the thread.
WRITTEN = (None, "thread_broadcast")


def register(app: App, services: Services) -> None:
    def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        subtype = event.get("subtype")
        if event.get("bot_id") or not event.get("user") or subtype not in WRITTEN:
            return  # not a person writing
        team = body.get("team_id") or event.get("team", "")
        channel = str(event.get("channel", ""))
        in_dm = event.get("channel_type") == "im" or channel.startswith("D")
        text = unescape(event.get("text") or "")
        if not in_dm:
            thread = event.get("thread_ts")
            if thread and thread != event.get("ts"):
                nudge = services.questions.thread_message(
                    team, channel, event["user"], text, str(event.get("ts")), str(thread)
                )
                if nudge:
                    services.questions.nudge(client, nudge)
            return
        said, reported = services.reports.reply(team, event["user"], text)
        services.reports.respond_in_dm(client, channel, said)
        if reported and reported.live:
            services.effects.refresh(client, reported.meeting_id)
        if reported:
            services.home.publish(client, event["user"])

    def on_reaction(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        item = event.get("item") or {}
        if event.get("reaction") not in STAR_REACTIONS or item.get("type") != "message":
            return
        team = body.get("team_id") or ""
        channel, user = str(item.get("channel", "")), str(event.get("user", ""))
        added = event.get("type") == "reaction_added"
        try:
            starred = services.questions.star(team, channel, str(item.get("ts")), user, added)
        except DomainError:
            return  # a star somewhere else: nothing to do with the question bank
        if added:
            ephemeral(client, channel, user, starred.text, starred.thread_ts)
        services.home.publish_many(client, services.home.set_people(starred.set_id))

    def on_star_shortcut(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        team = (body.get("team") or {}).get("id", "")
        channel = (body.get("channel") or {}).get("id", "")
        message = body.get("message") or {}
        user = (body.get("user") or {}).get("id", "")
        ts = str(body.get("message_ts") or message.get("ts") or "")
        try:
            starred = services.questions.star(team, channel, ts, user, True, message)
        except DomainError as error:
            respond(text=str(error), response_type="ephemeral")
            return
        respond(text=starred.text, response_type="ephemeral")
        services.home.publish_many(client, services.home.set_people(starred.set_id))

    app.event("message")(on_message)
    app.event("reaction_added")(on_reaction)
    app.event("reaction_removed")(on_reaction)
    app.shortcut(ids.STAR_SHORTCUT)(on_star_shortcut)
