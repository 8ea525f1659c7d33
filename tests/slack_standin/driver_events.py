"""The event half of the driver: people posting, reacting and opening App Home."""

from __future__ import annotations

import itertools
import uuid
from typing import Any, Protocol

from . import api_reactions, payloads
from .model import ApiError, Channel
from .reply import Reply
from .server import SlackStandin

_event_ids = itertools.count(1)


class Transport(Protocol):
    def deliver(
        self, kind: str, payload: dict[str, Any], *, retry: int = 0, retry_reason: str = ...
    ) -> Reply: ...


class EventDriver:
    """Events API actions; Slack (driver.py) adds commands, clicks, modals and shortcuts."""

    def __init__(self, standin: SlackStandin, transport: Transport) -> None:
        self.standin = standin
        self.transport = transport

    def event(self, event: dict[str, Any], event_id: str | None = None, retry: int = 0) -> Reply:
        """Deliver an Events API event_callback wrapping `event`."""
        event_id = event_id or f"Ev{next(_event_ids):08d}STANDIN"
        payload = payloads.event_callback(self.standin, event, event_id)
        return self.transport.deliver(
            "events_api", payload, retry=retry, retry_reason="http_timeout" if retry else ""
        )

    def say(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> Reply:
        """`user` posts a message (stored in the channel) and the bot gets the message event.

        With thread_ts (the parent's ts) it is a thread reply, and the event says so.
        """
        ch = self._channel(channel)
        parent = self.standin.message(ch.id, thread_ts) if thread_ts else None
        if thread_ts and parent is None:
            raise LookupError(f"no message {thread_ts} in {ch.id} to reply to")
        msg = self.standin.store_message(ch.id, {"text": text}, user=user, thread_ts=thread_ts)
        event = {
            "type": "message",
            "channel": ch.id,
            "user": user,
            "text": text,
            "ts": msg["ts"],
            "event_ts": msg["ts"],
            "team": self.standin.team_id,
            "client_msg_id": str(uuid.uuid4()),
            "channel_type": payloads.channel_type(ch),
        }
        if parent is not None:
            event.update(thread_ts=thread_ts, parent_user_id=parent["user"])
        return self.event(event)

    def dm(self, user: str, text: str) -> Reply:
        """`user` writes to the bot in their DM."""
        return self.say(user, self.standin.dm_channel(user).id, text)

    def open_home(self, user: str) -> Reply:
        """`user` opens the bot's App Home tab (app_home_opened)."""
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user,
            "channel": self.standin.dm_channel(user).id,
            "tab": "home",
            "event_ts": self.standin.next_ts(),
        }
        home = self.standin.home(user)
        if home is not None:
            event["view"] = home
        return self.event(event)

    # -- reactions --------------------------------------------------------------------
    def react(self, user: str, channel: str, ts: str, name: str = "star") -> Reply:
        """`user` adds :name: to the message at `ts`; the bot gets reaction_added."""
        return self._reaction("reaction_added", user, channel, ts, name)

    def unreact(self, user: str, channel: str, ts: str, name: str = "star") -> Reply:
        """`user` takes :name: off the message at `ts`; the bot gets reaction_removed."""
        return self._reaction("reaction_removed", user, channel, ts, name)

    def _reaction(self, kind: str, user: str, channel: str, ts: str, name: str) -> Reply:
        ch = self._channel(channel)
        change = (
            api_reactions.add_reaction
            if kind == "reaction_added"
            else api_reactions.remove_reaction
        )
        try:
            msg = change(self.standin, ch.id, ts, user, name)
        except ApiError as e:
            raise ValueError(f"{user} can't {kind} :{name}: on {ch.id}/{ts}: {e.error}") from e
        event = {
            "type": kind,
            "user": user,
            "reaction": name,
            "item": {"type": "message", "channel": ch.id, "ts": ts},
            "item_user": msg["user"],
            "event_ts": self.standin.next_ts(),
        }
        return self.event(event)

    def _channel(self, channel: str | None) -> Channel:
        ch = self.standin.resolve(channel)
        if ch is None:
            raise LookupError(f"no channel {channel}; add it with standin.add_channel()")
        return ch
