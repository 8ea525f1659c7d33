"""Calling Slack no faster than it allows: paced per workspace, and held back after a 429.

Slack limits each method per workspace (chat.postMessage to a few hundred a minute,
conversations.open to Tier 3's 50+). `Pacer` spaces the calls of those two methods by
`1 / rate` per workspace in this process, so a fan-out never bursts into a 429. When Slack
answers 429 anyway (another app, another replica), the Retry-After is kept in the database
(`slack_hold`), so every worker of every replica holds back that workspace's method until
then, and other workspaces keep flowing.

`PacedGateway` puts a `Gateway` behind the pacer. A patient one (after a request's ack)
waits a hold out and tries again; an impatient one (due work) raises `SlackRefused` with
`retry_at` at once, so its worker moves on to other work and the row waits for the hold.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine

from bot.services.gateway import RATELIMITED, Gateway, SlackRefused
from bot.store import repo_holds
from bot.store.engine import read_scope, session_scope

log = logging.getLogger("setbot.pacing")

OPEN_RATE = 50 / 60  # conversations.open is Tier 3: 50+ a minute
HOLDS_FRESH_S = 1.0  # how stale this process's view of the shared holds may be
MAX_WAIT_S = 60.0  # a patient call waits at most this long for one hold
TRIES = 3  # a patient call tries this often through 429s, then gives up (logged)

T = TypeVar("T")


class Pacer:
    """Per-workspace spacing for the paced methods, and the shared Retry-After holds."""

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime],
        post_rate: float,
        open_rate: float = OPEN_RATE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.sleep = sleep
        self.rates = {"chat.postMessage": post_rate, "conversations.open": open_rate}
        self._next: dict[tuple[str, str], float] = {}
        self._holds: dict[str, tuple[float, dict[str, datetime]]] = {}
        self._lock = threading.Lock()

    def turn(self, team: str, method: str) -> None:
        """Wait for this call's slot: one every `1 / rate` seconds per workspace."""
        rate = self.rates.get(method)
        if not rate:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get((team, method), now))
            self._next[(team, method)] = slot + 1 / rate
        if slot > now:
            self.sleep(slot - now)

    def held_until(self, team: str, method: str) -> datetime | None:
        """Until when Slack asked everyone to hold this workspace's method, if it still holds."""
        now = self.clock()
        with self._lock:
            checked, holds = self._holds.get(team, (float("-inf"), {}))
        if time.monotonic() - checked > HOLDS_FRESH_S:
            with read_scope(self.engine) as session:
                holds = repo_holds.holds_of(session=session, team_id=team, now=now)
            with self._lock:
                self._holds[team] = (time.monotonic(), holds)
        until = holds.get(method)
        return until if until is not None and until > now else None

    def hold(self, team: str, method: str, seconds: float) -> datetime:
        """Slack said 429: hold the method back for everyone, here at once, elsewhere soon."""
        until = self.clock() + timedelta(seconds=max(1.0, seconds))
        with self._lock:
            checked, holds = self._holds.get(team, (time.monotonic(), {}))
            holds = {**holds, method: max(until, holds.get(method, until))}
            self._holds[team] = (checked, holds)
        with session_scope(self.engine) as session:
            repo_holds.hold(session=session, team_id=team, method=method, until=until)
        log.warning("Slack rate-limited %s for %s: holding it until %s", method, team, until)
        return until


class PacedGateway:
    """A `Gateway` whose calls keep to the pacer. Implements bot.services.gateway.Gateway."""

    def __init__(self, inner: Gateway, team: str, pacer: Pacer, patient: bool) -> None:
        self.inner = inner
        self.team = team
        self.pacer = pacer
        self.patient = patient

    def _call(self, method: str, call: Callable[[], T], patient: bool | None = None) -> T:
        patient = self.patient if patient is None else patient
        attempt = 0
        while True:
            attempt += 1
            until = self.pacer.held_until(self.team, method)
            if until is not None:
                wait = (until - self.pacer.clock()).total_seconds()
                if not patient or wait > MAX_WAIT_S:
                    raise SlackRefused(RATELIMITED, f"{method} held", retry_at=until)
                self.pacer.sleep(max(0.0, wait))
            self.pacer.turn(self.team, method)
            try:
                return call()
            except SlackRefused as refused:
                if refused.code != RATELIMITED:
                    raise
                until = self.pacer.hold(self.team, method, refused.retry_after or 1.0)
                if not patient or attempt == TRIES:
                    raise SlackRefused(RATELIMITED, method, retry_at=until) from refused

    def user_zone(self, user: str) -> str | None:
        return self._call("users.info", lambda: self.inner.user_zone(user))

    def user_profile(self, user: str) -> tuple[str | None, str | None]:
        return self._call("users.info", lambda: self.inner.user_profile(user))

    def user_name(self, user: str) -> str | None:
        return self._call("users.info", lambda: self.inner.user_name(user))

    def is_admin(self, user: str) -> bool:
        return self._call("users.info", lambda: self.inner.is_admin(user))

    def can_post_in(self, channel: str) -> bool:
        return self._call("conversations.info", lambda: self.inner.can_post_in(channel))

    def open_dm(self, user: str) -> str:
        return self._call("conversations.open", lambda: self.inner.open_dm(user))

    def permalink(self, channel: str, ts: str) -> str:
        return self._call("chat.getPermalink", lambda: self.inner.permalink(channel, ts))

    def post(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> str:
        return self._call(
            "chat.postMessage", lambda: self.inner.post(channel, text, blocks, thread_ts)
        )

    def direct(
        self,
        to: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[str, str]:
        return self._call("chat.postMessage", lambda: self.inner.direct(to, text, blocks, metadata))

    def tagged(self, channel: str, oldest: datetime, key: str) -> str | None:
        return self._call("conversations.history", lambda: self.inner.tagged(channel, oldest, key))

    def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> None:
        self._call("chat.update", lambda: self.inner.update(channel, ts, text, blocks))

    def ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        self._call(
            "chat.postEphemeral",
            lambda: self.inner.ephemeral(channel, user, text, thread_ts, blocks),
        )

    def publish_home(self, user: str, view: dict[str, Any]) -> None:
        self._call("views.publish", lambda: self.inner.publish_home(user, view))

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        # A trigger lasts 3 s: never wait a hold out for it.
        self._call("views.open", lambda: self.inner.open_view(trigger_id, view), patient=False)

    def upload(self, channel: str, files: list[dict[str, Any]], comment: str) -> list[str]:
        return self._call("files.upload", lambda: self.inner.upload(channel, files, comment))

    def respond(
        self,
        url: str,
        text: str,
        replace_original: bool,
        blocks: list[dict[str, Any]] | None = None,
    ) -> None:
        self.inner.respond(url, text, replace_original, blocks)  # a response_url: not the Web API
