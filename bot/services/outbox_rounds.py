"""Where a meeting's report-back round thread is, for a reply decided before its root's
ts was kept (two fast Nexts): this process's roots first, then the database, which any
replica's delivery writes back; waited for a few seconds, as people wait for a reply."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from bot.services import turns
from bot.services.core import Deps
from bot.store import repo_turns

ROUND_WAIT_S = 10.0  # a root's delivery posts it within a second or two
POLL_S = 0.25
MEMORY = 1024


class RoundThreads:
    def __init__(self, deps: Deps, wait_s: float = ROUND_WAIT_S) -> None:
        self.deps = deps
        self.wait_s = wait_s
        self._posted: OrderedDict[int, str] = OrderedDict()
        self._changed = threading.Condition()

    def posted(self, meeting_id: int, ts: str) -> None:
        """A round's root went out from this process: wake whoever waits for it."""
        with self._changed:
            self._posted[meeting_id] = ts
            while len(self._posted) > MEMORY:
                self._posted.popitem(last=False)
            self._changed.notify_all()

    def find(self, meeting_id: int) -> str | None:
        """The round's thread ts, waiting up to `wait_s` for it; None if it never came (its
        root was refused, or its delivery died), and the reply goes at the top level."""
        deadline = time.monotonic() + self.wait_s
        while True:
            found = self._in_memory(meeting_id) or self._stored(meeting_id)
            left = deadline - time.monotonic()
            if found is not None or left <= 0:
                return found
            turns.waiting(self._sleeper(min(POLL_S, left)))

    def _in_memory(self, meeting_id: int) -> str | None:
        with self._changed:
            return self._posted.get(meeting_id)

    def _stored(self, meeting_id: int) -> str | None:
        with self.deps.session() as session:
            return repo_turns.round_thread(session=session, meeting_id=meeting_id)

    def _sleeper(self, seconds: float) -> Callable[[], bool]:
        def sleep() -> bool:
            with self._changed:
                return self._changed.wait(seconds)

        return sleep
