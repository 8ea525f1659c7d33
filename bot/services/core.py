"""What every use case needs: the database, the clock, the Slack gateway, and DomainError."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ParamSpec

from sqlalchemy import Engine
from sqlmodel import Session

from bot.services.gateway import Gateway
from bot.services.result import Done
from bot.store.engine import read_scope, session_scope

log = logging.getLogger("setbot")

INVITE_HINT = (
    "I'm not in this channel yet. Invite me with `/invite @setbot` (or mention me and "
    "choose *Add to channel*), then try again."
)


class DomainError(Exception):
    """A request that cannot be done; the message is for the person who asked."""


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    engine: Engine
    gateway_for: Callable[[str], Gateway]  # team id → Slack, with that team's bot token
    clock: Callable[[], datetime] = utcnow

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work; `now(session)` is this clock's time in it."""
        with session_scope(self.engine) as session:
            session.info[CLOCK] = self.clock
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A unit of work that only reads (help, status, Home): never waits for the writer."""
        with read_scope(self.engine) as session:
            session.info[CLOCK] = self.clock
            yield session


CLOCK = "setbot_clock"


def now(session: Session) -> datetime:
    """The time for code that has a session but no Deps (what Home shows, say): the clock
    of the Deps that opened the session, so tests with a fake clock see their own time."""
    clock = session.info.get(CLOCK, utcnow)
    return clock()  # type: ignore[no-any-return]


P = ParamSpec("P")


def use_case(method: Callable[P, Done]) -> Callable[P, Done]:
    """A use case refuses by raising DomainError inside; its caller gets the reason as the
    reply, and nothing the transaction wrote is kept (it rolled back as the error left it)."""

    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> Done:
        try:
            return method(*args, **kwargs)
        except DomainError as error:
            return Done.say(str(error))

    return run
