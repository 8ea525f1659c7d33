"""What Setbot asks of Slack, as an interface (`Gateway`), and how Slack says no
(`SlackRefused` with Slack's error code, or one of ours for a network fault). The real
gateway over slack-sdk is `bot.services.gateway.WebGateway`; tests record the calls."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

UNREACHABLE = "slack_unreachable"  # no answer from Slack: a network fault, worth a retry
UPLOAD_FAILED = "upload_failed"
RATELIMITED = "ratelimited"  # HTTP 429, or a hold another worker learned of one
TAG = "setbot_due_row"  # the metadata event type on every message a due row sends
# Slack's answers that mean "this channel is closed to the bot", whatever is retried.
NOT_IN_CHANNEL = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


class SlackRefused(Exception):
    """Slack said no, or could not be reached. `code` is Slack's error (`not_in_channel`)."""

    def __init__(
        self,
        code: str,
        detail: str = "",
        retry_after: float | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        super().__init__(f"{code}{': ' + detail if detail else ''}")
        self.code = code
        self.retry_after = retry_after  # Slack's Retry-After, seconds (a 429)
        self.retry_at = retry_at  # not before this (a hold of the workspace's method)


class Gateway(Protocol):
    """What Setbot asks of Slack. `WebGateway` is the real one; tests record the calls."""

    def user_zone(self, user: str) -> str | None: ...

    def user_profile(self, user: str) -> tuple[str | None, str | None]: ...

    def user_name(self, user: str) -> str | None: ...

    def is_admin(self, user: str) -> bool: ...

    def can_post_in(self, channel: str) -> bool: ...

    def permalink(self, channel: str, ts: str) -> str: ...

    def open_dm(self, user: str) -> str: ...

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> str: ...

    def direct(
        self,
        to: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[str, str]: ...

    def tagged(self, channel: str, oldest: datetime, key: str) -> str | None: ...

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

    def respond(
        self,
        url: str,
        text: str,
        replace_original: bool,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None: ...
