"""Turns at the interpreter (bot/services/turns.py): at most `permits` threads compute at
once, handed over in arrival order; a wait on I/O gives the turn up; patience runs a
starved request anyway."""

from __future__ import annotations

import threading
import time

from bot.services import turns
from bot.services.turns import Turns


def _started(target: object, *args: object) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
    thread.start()
    return thread


def _most_at_once(gate: Turns, threads: int, hold: float) -> int:
    """How many of `threads` threads, each holding a turn for `hold` seconds, were ever
    inside at the same time."""
    inside, most, lock = [0], [0], threading.Lock()

    def work() -> None:
        with gate.turn():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(hold)
            with lock:
                inside[0] -= 1

    for thread in [_started(work) for _ in range(threads)]:
        thread.join(5)
    return most[0]


def test_no_more_than_the_permits_compute_at_once() -> None:
    assert _most_at_once(Turns(2), threads=8, hold=0.02) == 2


def test_turns_go_in_arrival_order() -> None:
    gate = Turns(1)
    order: list[int] = []
    release = threading.Event()

    def first() -> None:
        with gate.turn():
            release.wait(5)

    def queued(n: int) -> None:
        with gate.turn():
            order.append(n)

    holder = _started(first)
    time.sleep(0.05)
    waiting = []
    for n in range(5):
        waiting.append(_started(queued, n))
        time.sleep(0.02)  # each arrives after the one before is already queued
    release.set()
    for thread in [holder, *waiting]:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]


def test_a_wait_on_io_gives_the_turn_to_the_next_thread() -> None:
    gate = Turns(1)
    ran_while_waiting = threading.Event()
    io_started = threading.Event()

    def talks_to_slack() -> None:
        with gate.turn():
            turns.waiting(lambda: (io_started.set(), ran_while_waiting.wait(5)))

    def computes() -> None:
        io_started.wait(5)
        with gate.turn():
            ran_while_waiting.set()

    a, b = _started(talks_to_slack), _started(computes)
    a.join(5)
    b.join(5)
    assert ran_while_waiting.is_set()


def test_waiting_without_a_turn_just_waits() -> None:
    assert turns.waiting(lambda: 42) == 42


def test_a_request_that_waited_its_patience_runs_anyway_and_the_count_stays_right() -> None:
    gate = Turns(1, patience=0.05)
    stuck = threading.Event()
    ran: list[str] = []

    def holds() -> None:
        with gate.turn():
            stuck.wait(5)

    holder = _started(holds)
    time.sleep(0.02)
    began = time.monotonic()
    with gate.turn():
        ran.append("late")
    assert ran == ["late"] and time.monotonic() - began < 1
    stuck.set()
    holder.join(5)
    # the one permit is free again, exactly once: short turns (well within the patience)
    # still exclude each other
    assert _most_at_once(gate, threads=4, hold=0.005) == 1


def test_a_nested_turn_is_the_same_turn() -> None:
    gate = Turns(1)
    with gate.turn(), gate.turn():
        pass
    with gate.turn():  # not left held by the nesting
        pass
