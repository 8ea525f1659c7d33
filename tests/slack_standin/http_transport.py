"""Signed HTTP requests from "Slack" to the bot's /slack/events endpoint."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

from .reply import Reply

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's v0 request signature."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def encode(kind: str, payload: dict[str, Any]) -> tuple[str, str]:
    """Body and content type Slack uses for each kind of request."""
    if kind == "slash_commands":
        return urlencode(payload), "application/x-www-form-urlencoded"
    if kind == "interactive":
        return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    return json.dumps(payload), "application/json"


class HttpTransport:
    """Posts to `<bot_url><path>`, signed with the signing secret (or forged/stale, on demand)."""

    def __init__(
        self,
        bot_url: str,
        signing_secret: str,
        *,
        path: str = "/slack/events",
        timeout: float = 10.0,
        forge: bool = False,
        age_seconds: int = 0,
    ) -> None:
        self.url = bot_url.rstrip("/") + path
        self.signing_secret = signing_secret
        self.timeout = timeout
        self.forge = forge
        self.age_seconds = age_seconds

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry: int = 0,
        retry_reason: str = "http_timeout",
        **options: Any,
    ) -> Reply:
        """kind: slash_commands, interactive or events_api; options go to post()."""
        body, ctype = encode(kind, payload)
        headers = {}
        if kind == "events_api" and retry:
            headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": retry_reason}
        return self.post(body, ctype, headers=headers, **options)

    def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        forge: bool | None = None,
        age_seconds: int | None = None,
        sign: bool = True,
    ) -> Reply:
        """POST a raw body; sign=False sends no signature headers at all."""
        age = self.age_seconds if age_seconds is None else age_seconds
        timestamp = str(int(time.time()) - age)
        all_headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        if sign:
            secret = "not-the-secret" if (self.forge if forge is None else forge) else None
            all_headers["X-Slack-Request-Timestamp"] = timestamp
            all_headers["X-Slack-Signature"] = signature(
                secret or self.signing_secret, timestamp, body
            )
        all_headers.update(headers or {})
        req = urllib.request.Request(self.url, body.encode(), all_headers, method="POST")
        try:
            with _OPENER.open(req, timeout=self.timeout) as resp:
                return _reply(resp.status, dict(resp.headers), resp.read())
        except urllib.error.HTTPError as e:
            return _reply(e.code, dict(e.headers), e.read())


def _reply(status: int, headers: dict[str, str], raw: bytes) -> Reply:
    text = raw.decode("utf-8", "replace")
    parsed = None
    if text[:1] in ("{", "["):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
    return Reply(status, {k.lower(): v for k, v in headers.items()}, text, parsed)
