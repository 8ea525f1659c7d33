"""A recording fake of the Slack gateway: what the outbox (and the use cases' reads) asked of
Slack, answered like Slack would, with failures on demand. No HTTP."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.services.gateway import SlackRefused


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    result: Any = None


@dataclass
class RecordingGateway:
    """Implements bot.services.gateway.Gateway. `zones` answers users.info; channels in
    `outside` are ones the bot is not in; `fail(method, code)` refuses the next calls."""

    zones: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)
    admins: set[str] = field(default_factory=set)
    locales: dict[str, str] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    _failures: dict[str, list[str]] = field(default_factory=dict)
    retry_after: float | None = None  # on "ratelimited" failures: Slack's Retry-After
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    def fail(self, method: str, code: str = "not_in_channel", times: int = 1) -> None:
        self._failures.setdefault(method, []).extend([code] * times)

    def _record(self, method: str, result: Any = None, **args: Any) -> Any:
        pending = self._failures.get(method)
        if pending:
            code = pending.pop(0)
            wait = self.retry_after if code == "ratelimited" else None
            self.calls.append(Call(method, args, SlackRefused(code, retry_after=wait)))
            raise SlackRefused(code, retry_after=wait)
        self.calls.append(Call(method, args, result))
        return result

    # ---- reads ----

    def user_zone(self, user: str) -> str | None:
        return self._record("user_zone", self.zones.get(user), user=user)

    def user_profile(self, user: str) -> tuple[str | None, str | None]:
        found = (self.zones.get(user), self.locales.get(user, "en-US"))
        return self._record("user_zone", found, user=user)  # type: ignore[no-any-return]

    def user_name(self, user: str) -> str | None:
        return self._record("user_name", self.names.get(user), user=user)

    def is_admin(self, user: str) -> bool:
        return self._record("is_admin", user in self.admins, user=user)

    def can_post_in(self, channel: str) -> bool:
        return self._record("can_post_in", channel not in self.outside, channel=channel)

    def open_dm(self, user: str) -> str:
        return self._record("open_dm", f"D{user}", user=user)

    def permalink(self, channel: str, ts: str) -> str:
        link = f"https://example.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return self._record("permalink", link, channel=channel, ts=ts)

    # ---- writes ----

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> str:
        args = {"channel": channel, "text": text, "blocks": blocks, "thread_ts": thread_ts}
        if channel in self.outside:
            self.calls.append(Call("post", args, SlackRefused("not_in_channel")))
            raise SlackRefused("not_in_channel")
        return self._record("post", f"1700000000.{next(self._ts):06d}", **args)

    def direct(
        self,
        to: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[str, str]:
        """A DM posted to the user or their DM channel: Slack answers with the channel."""
        channel = to if to.startswith("D") else f"D{to}"
        args = {"channel": channel, "text": text, "blocks": blocks, "thread_ts": None}
        ts = self._record("post", f"1700000000.{next(self._ts):06d}", **args, metadata=metadata)
        return channel, ts

    def tagged(self, channel: str, oldest: datetime, key: str) -> str | None:
        """A post in `channel` whose metadata names due row `key` (all of them are recent)."""
        found = [
            c.result
            for c in self.done("post")
            if c.args["channel"] == channel
            and (c.args.get("metadata") or {}).get("event_payload", {}).get("key") == key
        ]
        return self._record("tagged", found[-1] if found else None, channel=channel, key=key)

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> None:
        self._record("update", channel=channel, ts=ts, text=text, blocks=blocks)

    def ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        self._record(
            "ephemeral", channel=channel, user=user, text=text, thread_ts=thread_ts, blocks=blocks
        )

    def publish_home(self, user: str, view: dict[str, Any]) -> None:
        self._record("publish_home", user=user, view=view)

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self._record("open_view", trigger_id=trigger_id, view=view)

    def upload(self, channel: str, files: list[dict[str, Any]], comment: str) -> list[str]:
        ids = [f"F{next(self._ts):06d}" for _ in files]
        return self._record("upload", ids, channel=channel, files=files, comment=comment)

    def respond(
        self,
        url: str,
        text: str,
        replace_original: bool,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        self._record(
            "respond", url=url, text=text, replace_original=replace_original, blocks=blocks
        )

    # ---- what people see ----

    def done(self, method: str) -> list[Call]:
        """Calls of `method` Slack accepted."""
        return [c for c in self.calls if c.method == method and not isinstance(c.result, Exception)]

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        return [
            {**c.args, "ts": c.result}
            for c in self.done("post")
            if channel is None or c.args["channel"] == channel
        ]

    def texts(self, channel: str) -> list[str]:
        return [p["text"] + "\n" + _block_text(p["blocks"]) for p in self.posts(channel)]

    def ephemerals(self, user: str) -> list[str]:
        return [c.args["text"] for c in self.done("ephemeral") if c.args["user"] == user]

    def home(self, user: str) -> dict[str, Any] | None:
        found = [c.args["view"] for c in self.done("publish_home") if c.args["user"] == user]
        return found[-1] if found else None

    def views(self) -> list[dict[str, Any]]:
        return [c.args["view"] for c in self.done("open_view")]


def _block_text(blocks: list[dict[str, Any]] | None) -> str:
    """Every text in some blocks, one per line (enough to assert on what people read)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                if isinstance(value, dict | list):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks or [])
    return "\n".join(out)


def view_text(view: dict[str, Any] | None) -> str:
    return _block_text((view or {}).get("blocks"))
