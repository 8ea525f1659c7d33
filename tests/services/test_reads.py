"""Reads that must not grow with what they show: App Home, the brief, joining a set."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from bot.services.brief import build_brief
from bot.services.home_model import home_for
from bot.store.tables import LearningSet, Meeting
from tests.services.conftest import World, create_set, start_meeting


@contextmanager
def statements(world: World) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(world.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(world.engine, "before_cursor_execute", count)


def read(world: World, how: Callable[[Any], object]) -> int:
    with statements(world) as seen, Session(world.engine) as session:
        how(session)
    return len(seen)


def hold_meeting(world: World, channel: str) -> None:
    world.command("UANA", "start", channel)
    world.end("UANA", channel)


def test_app_home_is_read_in_the_same_queries_for_two_sets_or_six(world: World) -> None:
    """No query per set: the member's sets, their next meetings and report-backs, and the
    health of the sets they facilitate (at most three shown) are read together."""
    counts = []
    for first, last in ((0, 2), (2, 6)):
        for number in range(first, last):
            assert not create_set(world, channel=f"C{number}", name=f"Set {number}").errors
            hold_meeting(world, f"C{number}")
        counts.append(read(world, lambda s: home_for(s, "UANA")))
        counts.append(read(world, lambda s: home_for(s, "UBEN")))
    assert len(world.rows(LearningSet)) == 6
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_the_brief_reads_every_members_actions_in_one_query(world: World) -> None:
    start_meeting(world, {"UANA": "Here, no issue", "UBEN": "Here, with an issue"})
    (row,) = world.rows(LearningSet)
    nxt = min((m for m in world.rows(Meeting) if m.phase == "scheduled"), key=lambda m: m.number)
    with statements(world) as seen, Session(world.engine) as session:
        build_brief(session, row, nxt.id or 0)
    assert sum("FROM action" in s for s in seen) == 1, seen
