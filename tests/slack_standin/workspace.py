"""In-memory Slack workspace: users, channels, messages, ephemerals and what the bot did."""

from __future__ import annotations

import copy
import itertools
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from . import blockkit, filestore
from .model import ApiError, Call, Channel, Response, user_record

T = TypeVar("T")
TRIGGER_TTL = 3.0
_SHOWN = ("text", "blocks", "attachments")


class Workspace:
    """State of one Slack workspace with the bot installed; all access is thread-safe."""

    team_id = "T0001"
    team_domain = "standin"
    bot_user_id = "UBOT"
    bot_id = "B0001"
    app_id = "A0001"
    bot_name = "setbot"

    def __init__(
        self,
        bot_token: str = "xoxb-test",
        app_token: str = "xapp-test",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot_token, self.app_token, self.clock = bot_token, app_token, clock
        self.lock = threading.RLock()
        self._changed = threading.Condition(self.lock)
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, Channel] = {}
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.ts_clock: Callable[[], datetime] | None = None
        self._last_ts = 0
        self.ephemeral_log: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.view_meta: dict[str, dict[str, Any]] = {}  # view_id -> user, kind, open
        self.modal_stacks: dict[str, list[str]] = {}
        self.homes: dict[str, str] = {}
        self.opened: list[str] = []
        self.triggers: dict[str, dict[str, Any]] = {}
        self.response_urls: dict[str, dict[str, Any]] = {}
        self.response_log: list[Response] = []
        self.call_log: list[Call] = []
        self.violations: list[str] = []
        self.file_store: dict[str, filestore.StoredFile] = {}
        self.base_url = "http://127.0.0.1:0/"
        self.socket_url: Callable[[], str] = lambda: ""
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self.add_user(self.bot_user_id, self.bot_name, is_bot=True)

    # -- setup ---------------------------------------------------------------
    def add_user(self, id: str, name: str, tz: str = "Europe/London", **kw: Any) -> dict[str, Any]:
        """Add a person; kw: real_name, deleted, is_bot, is_admin, locale."""
        with self.lock:
            real_name = kw.pop("real_name", None)
            self.users[id] = user_record(self.team_id, id, name, tz, real_name, **kw)
            return copy.deepcopy(self.users[id])

    def add_channel(
        self,
        id: str,
        name: str,
        private: bool = False,
        members: Iterable[str] = (),
        bot_member: bool = True,
    ) -> Channel:
        with self.lock:
            self.channels[id] = Channel(id, name, private, list(members), bot_member)
            return self.channels[id]

    def dm_channel(self, user: str) -> Channel:
        """The bot's DM with `user` ("D" + user id), opened on first use."""
        with self.lock:
            cid = "D" + user
            if cid not in self.channels:
                self.channels[cid] = Channel(cid, user, True, [user], True, is_im=True, user=user)
            return self.channels[cid]

    # -- ids and clock -------------------------------------------------------
    def next_ts(self) -> str:
        """A message ts: from `ts_clock` when a test sets one (so a ts compares with the
        bot's clock, as Slack's does with the real one), else a counter."""
        micro = 1_700_000_000_000_000 + next(self._ts) * 100
        if self.ts_clock is not None:
            micro = max(self._last_ts + 100, int(self.ts_clock().timestamp() * 1_000_000))
        self._last_ts = micro
        return f"{micro // 1_000_000}.{micro % 1_000_000:06d}"

    def new_id(self, prefix: str, width: int = 10) -> str:
        return f"{prefix}{next(self._ids):0{width}d}"

    def issue_trigger(self, user: str) -> str:
        """A fresh trigger_id, as Slack sends with each command and interaction."""
        with self.lock:
            tid = f"{int(time.time())}.{next(self._ids)}.{secrets.token_hex(16)}"
            self.triggers[tid] = {"user": user, "at": self.clock(), "used": False}
            return tid

    def use_trigger(self, trigger_id: str | None) -> dict[str, Any]:
        with self.lock:
            trig = self.triggers.get(trigger_id or "")
            if trig is None:
                raise ApiError("invalid_trigger_id")
            if self.clock() - trig["at"] > TRIGGER_TTL:
                raise ApiError("expired_trigger_id")
            if trig["used"]:
                raise ApiError("exchanged_trigger_id")
            trig["used"] = True
            return trig

    def expire_triggers(self, age: float = TRIGGER_TTL + 1) -> None:
        """Make every trigger issued so far `age` seconds older (default: expired)."""
        with self.lock:
            for trig in self.triggers.values():
                trig["at"] -= age

    # -- change tracking ------------------------------------------------------
    def touch(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def wait_until(self, predicate: Callable[[], T], timeout: float = 5.0, what: str = "") -> T:
        """Wait until predicate() is truthy (re-checked on every change); return its value."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                result = predicate()
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"gave up after {timeout}s waiting for {what or predicate}")
                self._changed.wait(min(left, 0.25))

    def record_call(self, call: Call) -> None:
        with self.lock:
            self.call_log.append(call)
        self.touch()

    def report(self, problems: list[str]) -> None:
        """Add Block Kit problems to violations; raise invalid_blocks if there are any."""
        if problems:
            with self.lock:
                self.violations.extend(problems)
            self.touch()
            raise ApiError("invalid_blocks", response_metadata={"messages": problems})

    def slack_file_problem(self, ref: dict[str, Any], viewer: str | None = None) -> str | None:
        """Why an image block's slack_file can't be shown (None: it can); see blockkit.

        With a `viewer` (a Home tab's owner), the file must also be shared somewhere they
        can see it: like Slack, a file uploaded with no channel is private to the app.
        """
        with self.lock:
            problem = filestore.slack_file_problem(self.file_store, ref)
            if problem or viewer is None:
                return problem
            f = self.file_store.get(str(ref.get("id"))) or next(
                f for f in self.file_store.values() if ref.get("url") in f.urls
            )
            for cid in f.channels:
                channel = self.channels.get(cid)
                if channel is not None and viewer in channel.members:
                    return None
            return f"invalid slack file: {f.id} is not shared where {viewer} can see it"

    def check_message(self, fields: dict[str, Any], where: str = "message") -> None:
        problems = blockkit.check_message(fields, where, self.slack_file_problem)
        text = fields.get("text") or ""
        if len(text) > blockkit.MAX_MESSAGE_TEXT:
            with self.lock:
                self.violations.extend(problems)
            raise ApiError("msg_too_long")
        self.report(problems)

    # -- access rules ---------------------------------------------------------
    def resolve(self, channel: str | None) -> Channel | None:
        with self.lock:
            if channel in self.channels:
                return self.channels[channel]
            if channel and channel[0] in "UW" and channel in self.users:
                return self.dm_channel(channel)
            if channel and channel[0] == "D" and channel[1:] in self.users:
                return self.dm_channel(channel[1:])  # a DM exists before anyone opens it
            return None

    def accessible(self, channel: str | None, post: bool = False) -> Channel:
        """The channel if the bot may see it (and post, if asked), else the Slack error."""
        ch = self.resolve(channel)
        if ch is None or (ch.private and not ch.bot_member):
            raise ApiError("channel_not_found")
        if post and not ch.bot_member:
            raise ApiError("not_in_channel")
        return ch

    # -- messages -------------------------------------------------------------
    def store_message(
        self,
        channel: str,
        fields: dict[str, Any],
        user: str | None = None,
        thread_ts: str | None = None,
        broadcast: bool = False,
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Store a message (from the bot unless `user`); return a copy of it."""
        with self.lock:
            msg: dict[str, Any] = {"type": "message", "text": fields.get("text") or ""}
            author = {"user": user} if user else {"user": self.bot_user_id, "bot_id": self.bot_id}
            msg.update(author)
            msg.update(ts=self.next_ts(), team=self.team_id)
            for key in ("blocks", "attachments"):
                if fields.get(key):
                    msg[key] = copy.deepcopy(fields[key])
            if metadata is not None:
                msg["metadata"] = copy.deepcopy(metadata)
            blockkit.fill_ids(msg.get("blocks"))
            parent = self.find_message(channel, thread_ts) if thread_ts else None
            if thread_ts:
                msg["thread_ts"] = thread_ts
                if broadcast:
                    msg["subtype"] = "thread_broadcast"
            if parent is not None:
                msg["parent_user_id"] = parent["user"]
                parent["thread_ts"] = parent["ts"]
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["reply_users"] = sorted({*parent.get("reply_users", []), msg["user"]})
                parent["reply_users_count"] = len(parent["reply_users"])
                parent["latest_reply"] = msg["ts"]
            self.history.setdefault(channel, []).append(msg)
        self.touch()
        return copy.deepcopy(msg)

    def find_message(self, channel: str, ts: str | None) -> dict[str, Any] | None:
        with self.lock:
            return next((m for m in self.history.get(channel, []) if m["ts"] == ts), None)

    def find_ephemeral(self, ts: str | None) -> dict[str, Any] | None:
        with self.lock:
            return next((e for e in self.ephemeral_log if e["message_ts"] == ts), None)

    def replace_content(self, target: dict[str, Any], fields: dict[str, Any]) -> None:
        """Replace what a message shows (text/blocks/attachments), as chat.update does."""
        with self.lock:
            for key in _SHOWN:
                if key in fields and fields[key] is not None:
                    target[key] = copy.deepcopy(fields[key])
                    if not target[key] and key != "text":
                        del target[key]
            blockkit.fill_ids(target.get("blocks"))
        self.touch()

    def remove_message(self, channel: str, ts: str) -> None:
        with self.lock:
            self.history[channel] = [m for m in self.history.get(channel, []) if m["ts"] != ts]
        self.touch()

    def add_ephemeral(
        self,
        user: str,
        channel: str,
        fields: dict[str, Any],
        via: str = "api",
    ) -> dict[str, Any]:
        """Store an ephemeral for `user` (the recipient) in `channel`."""
        with self.lock:
            rec: dict[str, Any] = {
                "type": "message",
                "user": user,
                "channel": channel,
                "text": fields.get("text") or "",
                "message_ts": self.next_ts(),
                "via": via,
            }
            for key in ("blocks", "attachments", "thread_ts"):
                if fields.get(key):
                    rec[key] = copy.deepcopy(fields[key])
            blockkit.fill_ids(rec.get("blocks"))
            self.ephemeral_log.append(rec)
        self.touch()
        return copy.deepcopy(rec)

    # -- response_url -----------------------------------------------------------
    def new_response_url(self, context: dict[str, Any]) -> str:
        with self.lock:
            rid = f"{next(self._ids)}-{secrets.token_hex(8)}"
            self.response_urls[rid] = {**context, "uses": 0}
        return f"{self.base_url}response/{rid}"

    def show_reply(self, ctx: dict[str, Any], body: dict[str, Any], via: str) -> None:
        """Show a command ack or response_url body the way Slack does."""
        self.check_message(body, via)
        original = ctx.get("message_ts")
        eph = self.find_ephemeral(original) if original else None
        if body.get("delete_original") and original:
            with self.lock:
                if eph is not None:
                    self.ephemeral_log.remove(eph)
            self.remove_message(ctx["channel"], original)
        elif body.get("replace_original") and original:
            target = eph or self.find_message(ctx["channel"], original)
            if target is not None:
                self.replace_content(target, body)
        elif body.get("response_type") == "in_channel":
            self.store_message(ctx["channel"], body, thread_ts=body.get("thread_ts"))
        else:
            self.add_ephemeral(ctx["user"], ctx["channel"], body, via=via)

    def post_response(self, rid: str, body: dict[str, Any]) -> tuple[int, str]:
        """Handle a POST to a response_url; returns (HTTP status, body text)."""
        with self.lock:
            ctx = self.response_urls.get(rid)
            if ctx is None:
                return 404, "no_such_url"
            ctx["uses"] += 1
            self.response_log.append(Response(rid, copy.deepcopy(body), time.time(), dict(ctx)))
            if ctx["uses"] > 5:
                return 404, "used_url"
        self.touch()
        try:
            self.show_reply(ctx, body, "response_url")
        except ApiError as e:
            return 400, e.error
        return 200, "ok"
