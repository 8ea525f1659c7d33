"""The Slack seam: the few Web API calls Setbot makes, behind one small interface.

Only this module imports slack_sdk in `services/`. The outbox calls the writes; use cases
call only the reads (`user_zone`, `can_post_in`, `open_dm`). Every failure, whatever slack-sdk
raised, arrives as `SlackRefused` with Slack's error code (or a code of ours for a network
fault), so the rest of the code never sees slack_sdk's exceptions.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient

log = logging.getLogger("setbot.slack")

UNREACHABLE = "slack_unreachable"  # no answer from Slack: a network fault, worth a retry
UPLOAD_FAILED = "upload_failed"
# Slack's answers that mean "this channel is closed to the bot", whatever is retried.
NOT_IN_CHANNEL = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


class SlackRefused(Exception):
    """Slack said no, or could not be reached. `code` is Slack's error (`not_in_channel`)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}{': ' + detail if detail else ''}")
        self.code = code


class Gateway(Protocol):
    """What Setbot asks of Slack. `WebGateway` is the real one; tests record the calls."""

    def user_zone(self, user: str) -> str | None: ...

    def user_name(self, user: str) -> str | None: ...

    def can_post_in(self, channel: str) -> bool: ...

    def open_dm(self, user: str) -> str: ...

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> str: ...

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> None: ...

    def ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None: ...

    def publish_home(self, user: str, view: dict[str, Any]) -> None: ...

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None: ...

    def upload(self, channel: str, files: list[dict[str, Any]], comment: str) -> list[str]: ...

    def respond(self, url: str, text: str, replace_original: bool) -> None: ...


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error", "unknown_error"))


class WebGateway:
    """`Gateway` over slack-sdk's WebClient (which waits out 429s and retries faults)."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def _call(self, method: str, **kwargs: Any) -> Any:
        try:
            return getattr(self.client, method)(**kwargs)
        except SlackApiError as error:
            raise SlackRefused(_code(error)) from error
        except (SlackClientError, OSError) as error:
            raise SlackRefused(UNREACHABLE, repr(error)[:200]) from error

    def user_zone(self, user: str) -> str | None:
        zone = self._call("users_info", user=user)["user"].get("tz")
        return str(zone) if zone else None

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

    def respond(self, url: str, text: str, replace_original: bool) -> None:
        webhook = WebhookClient(url, timeout=15)
        try:
            response = webhook.send(
                text=text, response_type="ephemeral", replace_original=replace_original
            )
        except (SlackClientError, OSError) as error:
            raise SlackRefused(UNREACHABLE, repr(error)[:200]) from error
        if response.status_code != 200:
            raise SlackRefused(f"response_url_{response.status_code}", response.body[:200])
