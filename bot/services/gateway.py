"""The Slack seam: the few Web API calls Setbot makes, behind one small interface.

Only this module imports slack_sdk in `services/`. The outbox calls the writes; use cases
call only the reads (`user_zone`, `can_post_in`, `open_dm`). Every failure, whatever slack-sdk
raised, arrives as `SlackRefused` with Slack's error code (or a code of ours for a network
fault), so the rest of the code never sees slack_sdk's exceptions.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient

from bot.blocks.text import section
from bot.services import turns
from bot.services.gateway_port import (  # noqa: F401  (part of this module's interface)
    NOT_IN_CHANNEL,
    RATELIMITED,
    TAG,
    UNREACHABLE,
    UPLOAD_FAILED,
    Gateway,
    SlackRefused,
)

log = logging.getLogger("setbot.slack")


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error", "unknown_error"))


def _retry_after(error: SlackApiError) -> float | None:
    """Slack's Retry-After on a 429, in seconds (None when it is not a 429)."""
    if error.response.status_code != 429:
        return None
    for name, value in (error.response.headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(1.0, float(raw))
            except (TypeError, ValueError):
                break
    return 1.0


def tag(key: str) -> dict[str, Any]:
    """Message metadata naming the due row that sends the message."""
    return {"event_type": TAG, "event_payload": {"key": key}}


class WebGateway:
    """`Gateway` over slack-sdk's WebClient (which retries network and server faults).

    A 429 arrives as SlackRefused("ratelimited") with its Retry-After: `PacedGateway`
    decides who waits for it."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def _call(self, method: str, **kwargs: Any) -> Any:
        try:  # the wait for Slack gives up this thread's turn at the interpreter
            return turns.waiting(lambda: getattr(self.client, method)(**kwargs))
        except SlackApiError as error:
            raise SlackRefused(_code(error), retry_after=_retry_after(error)) from error
        except (SlackClientError, OSError) as error:
            raise SlackRefused(UNREACHABLE, repr(error)[:200]) from error

    def user_zone(self, user: str) -> str | None:
        """Their time zone; SlackRefused("user_disabled") for a deactivated account, which
        no DM reaches."""
        return self.user_profile(user)[0]

    def user_profile(self, user: str) -> tuple[str | None, str | None]:
        """(time zone, locale) in one users.info; SlackRefused("user_disabled") for a
        deactivated account."""
        found = self._call("users_info", user=user, include_locale=True)["user"]
        if found.get("deleted"):
            raise SlackRefused("user_disabled")
        zone, locale = found.get("tz"), found.get("locale")
        return (str(zone) if zone else None, str(locale) if locale else None)

    def user_name(self, user: str) -> str | None:
        """The name people know them by: real name, else display name, else handle."""
        found = self._call("users_info", user=user)["user"]
        profile = found.get("profile") or {}
        for name in (
            profile.get("real_name"),
            found.get("real_name"),
            profile.get("display_name"),
            found.get("name"),
        ):
            if name:
                return str(name)
        return None

    def is_admin(self, user: str) -> bool:
        """A workspace admin or owner (or the org's, on Enterprise Grid)?"""
        found = self._call("users_info", user=user)["user"]
        flags = ("is_admin", "is_owner", "is_primary_owner")
        return not found.get("deleted") and any(bool(found.get(f)) for f in flags)

    def can_post_in(self, channel: str) -> bool:
        """Whether the bot can post in `channel` (a private channel it isn't in is invisible).
        When Slack can't tell (a missing scope, say): yes; a post there says how to invite."""
        if channel.startswith("D"):
            return True
        try:
            info = self._call("conversations_info", channel=channel)
        except SlackRefused as refused:
            if refused.code in ("channel_not_found", "not_in_channel"):
                return False
            log.info("conversations.info failed for %s: %s", channel, refused)
            return True
        return bool(info["channel"].get("is_member", True))

    def open_dm(self, user: str) -> str:
        return str(self._call("conversations_open", users=user)["channel"]["id"])

    def permalink(self, channel: str, ts: str) -> str:
        """A link that opens one message (Slack's, so it works in any client)."""
        return str(self._call("chat_getPermalink", channel=channel, message_ts=ts)["permalink"])

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> str:
        response = self._call(
            "chat_postMessage",
            channel=channel,
            text=text,
            blocks=blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
        )
        return str(response["ts"])

    def direct(
        self,
        to: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[str, str]:
        """Post in a person's DM with the bot, by user id or DM channel: (channel, ts).
        Slack opens the DM itself, so no conversations.open (Tier 3) is spent on it."""
        response = self._call(
            "chat_postMessage",
            channel=to,
            text=text,
            blocks=blocks,
            metadata=metadata,
            unfurl_links=False,
        )
        return str(response.get("channel") or to), str(response["ts"])

    def tagged(self, channel: str, oldest: datetime, key: str) -> str | None:
        """The ts of a message posted since `oldest` whose metadata names due row `key`."""
        response = self._call(
            "conversations_history",
            channel=channel,
            oldest=f"{oldest.timestamp() - 1:.6f}",
            include_all_metadata=True,
            limit=100,
        )
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == TAG and payload.get("key") == key:
                return str(message["ts"])
        return None

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> None:
        self._call("chat_update", channel=channel, ts=ts, text=text, blocks=blocks)

    def ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        self._call(
            "chat_postEphemeral",
            channel=channel,
            user=user,
            text=text,
            thread_ts=thread_ts,
            blocks=blocks,
        )

    def publish_home(self, user: str, view: dict[str, Any]) -> None:
        self._call("views_publish", user_id=user, view=view)

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self._call("views_open", trigger_id=trigger_id, view=view)

    def upload(self, channel: str, files: list[dict[str, Any]], comment: str) -> list[str]:
        """files_upload_v2, which also POSTs to the upload URL Slack hands out: it fails
        there as SlackRequestError (a non-200) or OSError, and reads the completion's
        `files` list (TypeError or ValueError when Slack leaves it out)."""
        try:
            uploaded = self.client.files_upload_v2(
                channel=channel, file_uploads=files, initial_comment=comment
            )
        except SlackApiError as error:
            raise SlackRefused(_code(error)) from error
        except (SlackClientError, OSError, TypeError, ValueError) as error:
            raise SlackRefused(UPLOAD_FAILED, repr(error)[:200]) from error
        found: Any = uploaded.get("files") or [uploaded.get("file") or {}]
        return [str(f.get("id") or "") for f in found if isinstance(f, dict)]

    def respond(
        self,
        url: str,
        text: str,
        replace_original: bool,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        webhook = WebhookClient(url, timeout=15)
        # A replacement carries its own blocks, so the buttons of the question it answers
        # can never stay behind.
        if replace_original and blocks is None:
            blocks = [section(text)]
        try:
            response = turns.waiting(
                lambda: webhook.send(
                    text=text,
                    blocks=blocks,
                    response_type="ephemeral",
                    replace_original=replace_original,
                )
            )
        except (SlackClientError, OSError) as error:
            raise SlackRefused(UNREACHABLE, repr(error)[:200]) from error
        if response.status_code != 200:
            raise SlackRefused(f"response_url_{response.status_code}", response.body[:200])
