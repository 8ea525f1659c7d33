"""Turns at the interpreter: how many threads run Python at once, first come first served.

CPython runs one thread's Python at a time. Eight request threads or ten after-ack workers
computing together do not finish sooner than two: they pass the interpreter lock back and
forth, each hand-over costs, and the tail of the queue waits longest. So a thread computes
only while it holds a turn, and gives its turn up while it waits on I/O (Slack's answer, a
pace slot, a prompt still being sent). Many threads can wait on Slack at once; only
`permits` compute. Turns are handed over in arrival order (a plain semaphore lets late
arrivals barge, which is what makes a long tail).

Two per process: `REQUESTS` for Slack's requests until their ack, `AFTER_ACK` for the work
after it and for due work (prompts, timers), so acks never queue behind that work. Both
have a patience: a thread that waited that long goes on without a turn, so a turn held
across a database wait can slow others down but never stall them.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
_held = threading.local()  # the Turns this thread holds a turn of, if any


class Turns:
    def __init__(self, permits: int, patience: float | None = None) -> None:
        """`patience`: after waiting that many seconds, go on without a turn (so a stall
        elsewhere can slow a request down but never hold it past Slack's 3 s)."""
        self._lock = threading.Lock()
        self._free = permits
        self._queue: deque[threading.Lock] = deque()
        self.patience = patience

    def _take(self) -> bool:
        with self._lock:
            if self._free > 0 and not self._queue:
                self._free -= 1
                return True
            waiter = threading.Lock()
            waiter.acquire()
            self._queue.append(waiter)
        timeout = -1 if self.patience is None else self.patience
        if waiter.acquire(timeout=timeout):
            return True  # handed over by `_give`
        with self._lock:
            if waiter in self._queue:
                self._queue.remove(waiter)
                return False
        waiter.acquire()  # handed over just as the wait ran out: it is ours
        return True

    def _give(self) -> None:
        with self._lock:
            if self._queue:
                self._queue.popleft().release()  # the turn passes straight to the oldest
            else:
                self._free += 1

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Compute with a turn (a whole request, or a whole job after the ack)."""
        if getattr(_held, "turns", None) is not None:  # nested: this thread has one
            yield
            return
        taken = self._take()
        _held.turns = self if taken else None
        try:
            yield
        finally:
            _held.turns = None
            if taken:
                self._give()


def waiting(wait: Callable[[], T]) -> T:
    """Run `wait` (I/O, a sleep) without this thread's turn, then take one again. A thread
    holding none (a due worker, say) just waits."""
    turns: Turns | None = getattr(_held, "turns", None)
    if turns is None:
        return wait()
    _held.turns = None
    turns._give()
    try:
        return wait()
    finally:
        _held.turns = turns if turns._take() else None


def sleep(seconds: float) -> None:
    waiting(lambda: time.sleep(seconds))


# One request computes at a time: with two, each sqlite call handed the interpreter to the
# other request and waited to get it back (bench/ack.py: /set status p99 ratio 3.2 → 2.5).
REQUESTS = Turns(1, patience=0.5)
AFTER_ACK = Turns(2, patience=2.0)
