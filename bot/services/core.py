"""What every use case needs: the database, the clock, Slack clients, and DomainError."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine
from sqlmodel import Session

from bot.store.engine import session_scope

log = logging.getLogger("setbot")

INVITE_HINT = (
    "I'm not in this channel yet. Invite me with `/invite @setbot` (or mention me and "
    "choose *Add to channel*), then try again."
)


class DomainError(Exception):
    """A request that cannot be done; the message is for the person who asked."""


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    engine: Engine
    client_for: Callable[[str], WebClient]  # team id → a client with that team's bot token
    clock: Callable[[], datetime] = utcnow

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session


def slack_error(error: SlackApiError) -> str:
    return str(error.response.get("error", "unknown_error"))


# A file upload has more ways to fail than an API call: slack-sdk's `files_upload_v2`
# also POSTs to the upload URL Slack hands out (SlackRequestError on a non-200, OSError
# when it can't be reached) and reads the completion's `files` list (TypeError if absent).
UPLOAD_FAILURES = (SlackClientError, OSError, TypeError)


def upload_error(error: Exception) -> str:
    """A short reason for the log, whichever way an upload failed."""
    return slack_error(error) if isinstance(error, SlackApiError) else repr(error)[:200]


def post(
    client: WebClient,
    channel: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    thread_ts: str | None = None,
) -> str:
    """Post a message and return its ts; DomainError with a hint if the bot can't post."""
    try:
        response = client.chat_postMessage(
            channel=channel, text=text, blocks=blocks, thread_ts=thread_ts, unfurl_links=False
        )
    except SlackApiError as error:
        if slack_error(error) in ("not_in_channel", "channel_not_found", "is_archived"):
            raise DomainError(INVITE_HINT) from error
        raise
    return str(response["ts"])


def update(
    client: WebClient, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]
) -> None:
    try:
        client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("could not update message %s in %s: %s", ts, channel, slack_error(error))


def ephemeral(
    client: WebClient, channel: str, user: str, text: str, thread_ts: str | None = None
) -> None:
    """Tell one person something in the channel (or a thread); falls back to a DM."""
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)
    except SlackApiError as error:
        log.info(
            "ephemeral to %s in %s failed (%s); sending a DM", user, channel, slack_error(error)
        )
        try:
            client.chat_postMessage(channel=user, text=text)
        except SlackApiError as again:
            log.warning("could not reach %s: %s", user, slack_error(again))


TRIGGER_ERRORS = ("expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id")


def open_modal(client: WebClient, trigger_id: str, view: dict[str, Any]) -> None:
    """Open a modal; DomainError with a plain explanation if Slack won't."""
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as error:
        code = slack_error(error)
        log.warning("views.open failed: %s", code)
        if code in TRIGGER_ERRORS:
            raise DomainError("Slack took too long to open the form. Please try again.") from error
        raise DomainError("Slack couldn't open the form just now. Please try again.") from error


def bot_in_channel(client: WebClient, channel: str) -> bool:
    """Whether the bot can post in `channel` (a private channel it isn't in is invisible)."""
    if channel.startswith("D"):
        return True
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as error:
        if slack_error(error) in ("channel_not_found", "not_in_channel"):
            return False
        # Can't tell (a missing scope, say): go ahead; a post there says how to invite me.
        log.info("conversations.info failed for %s: %s", channel, slack_error(error))
        return True
    return bool(info["channel"].get("is_member", True))
